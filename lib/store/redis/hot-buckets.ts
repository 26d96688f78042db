import { addSample, formatBucket, parseBucket, type BucketAggs } from '@/lib/metrics/rollup';
import type { RedisReply } from './port';

/**
 * The rollup buckets this process last wrote for each host, so the ingest script can take a merge made
 * here instead of making it itself.
 *
 * Merging a batch into its 1m, 5m and 1h buckets in Lua means parsing and formatting about six hundred
 * numbers, and Lua's number formatting (sprintf) made that ~80 % of the script's time: measured on the
 * bench's batch, ~0.9 ms of redis-server CPU per POST, against ~0.05 ms for all the script's commands.
 * V8 does the same merge in a few microseconds. So the planner offers, per bucket, the text it believes
 * is stored and the text with this batch merged in; the script compares the stored text with the first
 * (one string comparison) and writes the second when they are equal. When they are not (another server
 * instance wrote the bucket, this process restarted, a write failed), the script merges as before and
 * answers what it wrote, which is kept here for the next batch. Correctness never depends on this cache:
 * a wrong belief only costs the script's own merge.
 *
 * Each bucket is kept as its text (about 800 bytes, three a host) and, when the text is this process's
 * own merge, as its numbers packed in a Float64Array (40 bytes an entry): unpacking them is a third of
 * parsing the text again, and parsing was half of what offering cost. A text the script merged itself
 * is parsed once, at the next offer.
 */

/** One rollup bucket a batch touches: its key and field, and the values of each sample added to it. */
export interface BatchBucket {
  key: string;
  field: string;
  adds: { columns: readonly number[]; values: readonly number[] }[];
  /** Set by `offer`: the merged bucket's numbers, kept by `settle` if the script takes the merge. */
  merged?: Float64Array;
}

interface Kept {
  text: string;
  /** The text's numbers (see pack), when the text is this process's own merge. */
  numbers?: Float64Array;
}

/** Hosts whose buckets this process keeps; past it the least recently ingested is dropped (and its next batch merged by the script). */
export const MAX_HOT_HOSTS = 5_000;
/** All kept texts (one byte a character: bucket text is ASCII) and numbers together, in bytes: the bound on memory, whatever the hosts' sizes. */
export const MAX_HOT_BYTES = 64_000_000;
/**
 * A bucket text longer than this (a host at raised caps, tens of thousands of series) is neither kept nor offered:
 * its two copies would make every POST megabytes larger (Upstash bounds a request's size), and the script merges it anyway.
 */
export const MAX_OFFER_CHARS = 64_000;

const idOf = (b: BatchBucket) => `${b.key}\n${b.field}`;

export class HotBuckets {
  private readonly hosts = new Map<string, Map<string, Kept>>();
  private bytes = 0;

  constructor(
    private readonly maxHosts = MAX_HOT_HOSTS,
    private readonly maxBytes = MAX_HOT_BYTES,
  ) {}

  /**
   * For each bucket in order, the text believed stored ('' for none) and that text with the batch's values
   * added: the script's ARGV pairs; none at all when a merged text would be longer than MAX_OFFER_CHARS.
   */
  offer(hostId: string, buckets: readonly BatchBucket[]): string[] {
    const known = this.hosts.get(hostId);
    const texts: string[] = [];
    for (const b of buckets) {
      const kept = known?.get(idOf(b));
      const aggs = kept?.numbers ? unpack(kept.numbers) : parseBucket(kept?.text);
      for (const add of b.adds) addSample(aggs, add.columns, add.values);
      const merged = formatBucket(aggs);
      if (merged.length > MAX_OFFER_CHARS) return [];
      b.merged = pack(aggs);
      texts.push(kept?.text ?? '', merged);
    }
    return texts;
  }

  /**
   * After the script: `written` is its flat list of bucket numbers (1-based, in `buckets`) and texts, where ''
   * means the offered merge was written. Buckets the script did not write (only duplicates reached them)
   * are forgotten, as is everything of the host's earlier batches.
   */
  settle(hostId: string, buckets: readonly BatchBucket[], offered: readonly string[] | null, written: readonly RedisReply[]): void {
    const next = new Map<string, Kept>();
    for (let i = 0; i + 1 < written.length; i += 2) {
      const no = Number(written[i]);
      const bucket = buckets[no - 1];
      const text = written[i + 1];
      if (!bucket || typeof text !== 'string') continue;
      // '': the script wrote the offered merge, whose numbers offer kept on the bucket.
      const kept: Kept | undefined = text !== '' ? { text } : offered?.[2 * (no - 1) + 1] !== undefined ? { text: offered[2 * (no - 1) + 1]!, numbers: bucket.merged } : undefined;
      if (kept !== undefined && kept.text.length <= MAX_OFFER_CHARS) next.set(idOf(bucket), kept);
    }
    this.forget(hostId);
    if (next.size === 0) return;
    this.hosts.set(hostId, next);
    this.bytes += bytesOf(next);
    while (this.hosts.size > this.maxHosts || this.bytes > this.maxBytes) this.forget(this.hosts.keys().next().value!);
  }

  /** Forgets a host's buckets (its series were deleted, or a write's outcome is unknown). */
  forget(hostId: string): void {
    const known = this.hosts.get(hostId);
    if (!known) return;
    this.bytes -= bytesOf(known);
    this.hosts.delete(hostId);
  }

  get size(): number {
    return this.hosts.size;
  }
}

function bytesOf(kept: Map<string, Kept>): number {
  let n = 0;
  for (const [id, k] of kept) n += id.length + k.text.length + (k.numbers?.byteLength ?? 0);
  return n;
}

/** A bucket's entries as column, sum, count, min, max in a row, in the bucket's order. */
function pack(aggs: BucketAggs): Float64Array {
  const out = new Float64Array(aggs.size * 5);
  let i = 0;
  for (const [col, a] of aggs) {
    out[i++] = col;
    out[i++] = a.sum;
    out[i++] = a.count;
    out[i++] = a.min;
    out[i++] = a.max;
  }
  return out;
}

function unpack(numbers: Float64Array): BucketAggs {
  const aggs: BucketAggs = new Map();
  for (let i = 0; i < numbers.length; i += 5) aggs.set(numbers[i]!, { sum: numbers[i + 1]!, count: numbers[i + 2]!, min: numbers[i + 3]!, max: numbers[i + 4]! });
  return aggs;
}

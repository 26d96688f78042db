import { addSample, formatBucket, parseBucket } from '@/lib/metrics/rollup';
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
 * Texts only (about 800 bytes a bucket, three a host), re-parsed for each batch: a parsed bucket is
 * several times larger, and a cached copy of one would have to be cloned before every merge anyway.
 */

/** One rollup bucket a batch touches: its key and field, and the values of each sample added to it. */
export interface BatchBucket {
  key: string;
  field: string;
  adds: { columns: readonly number[]; values: readonly number[] }[];
}

/** Hosts whose buckets this process keeps; past it the least recently ingested is dropped (and its next batch merged by the script). */
export const MAX_HOT_HOSTS = 5_000;
/** All kept texts together, in characters (one byte each: bucket text is ASCII): the bound on memory, whatever the hosts' sizes. */
export const MAX_HOT_CHARS = 24_000_000;
/**
 * A bucket text longer than this (a host at raised caps, tens of thousands of series) is neither kept nor offered:
 * its two copies would make every POST megabytes larger (Upstash bounds a request's size), and the script merges it anyway.
 */
export const MAX_OFFER_CHARS = 64_000;

const idOf = (b: BatchBucket) => `${b.key}\n${b.field}`;

export class HotBuckets {
  private readonly hosts = new Map<string, Map<string, string>>();
  private chars = 0;

  constructor(
    private readonly maxHosts = MAX_HOT_HOSTS,
    private readonly maxChars = MAX_HOT_CHARS,
  ) {}

  /**
   * For each bucket in order, the text believed stored ('' for none) and that text with the batch's values
   * added: the script's ARGV pairs; none at all when a merged text would be longer than MAX_OFFER_CHARS.
   */
  offer(hostId: string, buckets: readonly BatchBucket[]): string[] {
    const known = this.hosts.get(hostId);
    const texts: string[] = [];
    for (const b of buckets) {
      const believed = known?.get(idOf(b)) ?? '';
      const aggs = parseBucket(believed);
      for (const add of b.adds) addSample(aggs, add.columns, add.values);
      const merged = formatBucket(aggs);
      if (merged.length > MAX_OFFER_CHARS) return [];
      texts.push(believed, merged);
    }
    return texts;
  }

  /**
   * After the script: `written` is its flat list of bucket numbers (1-based, in `buckets`) and texts, where ''
   * means the offered merge was written. Buckets the script did not write (only duplicates reached them)
   * are forgotten, as is everything of the host's earlier batches.
   */
  settle(hostId: string, buckets: readonly BatchBucket[], offered: readonly string[] | null, written: readonly RedisReply[]): void {
    const next = new Map<string, string>();
    for (let i = 0; i + 1 < written.length; i += 2) {
      const no = Number(written[i]);
      const bucket = buckets[no - 1];
      const text = written[i + 1];
      if (!bucket || typeof text !== 'string') continue;
      const kept = text !== '' ? text : offered?.[2 * (no - 1) + 1];
      if (kept !== undefined && kept.length <= MAX_OFFER_CHARS) next.set(idOf(bucket), kept);
    }
    this.forget(hostId);
    if (next.size === 0) return;
    this.hosts.set(hostId, next);
    this.chars += charsOf(next);
    while (this.hosts.size > this.maxHosts || this.chars > this.maxChars) this.forget(this.hosts.keys().next().value!);
  }

  /** Forgets a host's buckets (its series were deleted, or a write's outcome is unknown). */
  forget(hostId: string): void {
    const known = this.hosts.get(hostId);
    if (!known) return;
    this.chars -= charsOf(known);
    this.hosts.delete(hostId);
  }

  get size(): number {
    return this.hosts.size;
  }
}

function charsOf(texts: Map<string, string>): number {
  let n = 0;
  for (const [id, text] of texts) n += id.length + text.length;
  return n;
}

import type { IngestReply } from '../lib/wire/contract';

/**
 * The runtime parts of lib/wire/contract.ts that the collector needs, without
 * zod: importing the contract's values pulls all of zod (~700 KB) into the
 * bundle and builds every schema at start-up, for one small reply check. The
 * types still come from the contract; tests/unit/collector/wire.test.ts holds
 * these constants and this guard to the contract's.
 */

export { MAX_BATCH_SAMPLES, MAX_BODY_BYTES } from '../lib/wire/limits';

/** As the contract's MAX_WATCH_PATTERNS and its watchPattern (1 to 128 characters). */
export const MAX_WATCH_PATTERNS = 64;
export const MAX_WATCH_PATTERN_LENGTH = 128;
/** As the contract's MAX_REFUSED_REASON. */
export const MAX_REFUSED_REASON = 300;

const isInt = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/** Characters as zod counts them for `max()`: code points, a surrogate pair being one and a lone surrogate one too. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** A watch list as the contract reads it (`watch` in the reply); null when it does not fit. */
export function parseWatch(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_WATCH_PATTERNS) return null;
  for (const p of value) {
    if (typeof p !== 'string' || p.length === 0) return null;
    if (p.length > MAX_WATCH_PATTERN_LENGTH && codePoints(p) > MAX_WATCH_PATTERN_LENGTH) return null;
  }
  return [...(value as string[])];
}

/** A reply's `refused` as the contract reads it (unknown keys dropped); null when it does not fit. */
function parseRefused(value: unknown): NonNullable<IngestReply['refused']> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { count, reason } = value as Record<string, unknown>;
  if (!isInt(count, 1) || typeof reason !== 'string' || reason.length === 0) return null;
  if (reason.length > MAX_REFUSED_REASON && codePoints(reason) > MAX_REFUSED_REASON) return null;
  return { count, reason };
}

/** The server's reply to an accepted batch, as ingestReplySchema reads it (unknown keys dropped); null when it does not fit. */
export function parseIngestReply(value: unknown): IngestReply | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const { accepted, duplicates, sampleIntervalMs, postIntervalMs, untilMs } = r;
  if (!isInt(accepted, 0) || !isInt(duplicates, 0) || !isInt(sampleIntervalMs, 1) || !isInt(postIntervalMs, 1) || !isInt(untilMs, 0)) return null;
  const reply: IngestReply = { accepted, duplicates, sampleIntervalMs, postIntervalMs, untilMs };
  if (r.refused !== undefined) {
    const refused = parseRefused(r.refused);
    if (!refused) return null;
    reply.refused = refused;
  }
  // Absent (or undefined, which zod's optional() also takes) means "keep the last ones".
  if (r.watch !== undefined) {
    const watch = parseWatch(r.watch);
    if (!watch) return null;
    reply.watch = watch;
  }
  return reply;
}

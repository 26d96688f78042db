import type { IngestReply } from '../lib/wire/contract';

/**
 * The runtime parts of lib/wire/contract.ts that the collector needs, without
 * zod: importing the contract's values pulls all of zod (~700 KB) into the
 * bundle and builds every schema at start-up, for one small reply check. The
 * types still come from the contract; tests/unit/collector/wire.test.ts holds
 * these constants and this guard to the contract's.
 */

export { MAX_BATCH_SAMPLES, MAX_BODY_BYTES } from '../lib/wire/limits';

const isInt = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/** The server's reply to an accepted batch, as ingestReplySchema reads it (unknown keys dropped); null when it does not fit. */
export function parseIngestReply(value: unknown): IngestReply | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const { accepted, duplicates, sampleIntervalMs, postIntervalMs, untilMs } = r;
  if (!isInt(accepted, 0) || !isInt(duplicates, 0) || !isInt(sampleIntervalMs, 1) || !isInt(postIntervalMs, 1) || !isInt(untilMs, 0)) return null;
  return { accepted, duplicates, sampleIntervalMs, postIntervalMs, untilMs };
}

/**
 * The wire contract's limits, in a module without zod so the collector bundle
 * can import them without pulling in the schemas (contract.ts re-exports them).
 */

export const WIRE_VERSION = 1 as const;
/** Most samples one ingest POST may carry. */
export const MAX_BATCH_SAMPLES = 500;
/** Largest ingest body, after decompression. */
export const MAX_BODY_BYTES = 1_000_000;
/** A sample may be stamped at most this far in the server's future (clock skew allowance). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

import { batchSchema, describeIssues, MAX_BATCH_SAMPLES, MAX_FUTURE_SKEW_MS, type Batch } from '@/lib/wire/contract';
import { badRequest, payloadTooLarge } from '@/lib/http/http-error';
import { exactCheck } from './exact-check';

/** Enough to fix a batch; a fuzzed body with thousands of bad fields should not get a megabyte reply. */
const MAX_REPORTED_ISSUES = 50;

/** A batch that already is what zod would return passes here without zod's copy of it (exact-check.ts); any other goes to zod. */
const isExactBatch = exactCheck(batchSchema);

export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * All-or-nothing validation of one ingest body against the wire contract,
 * plus the rule that needs the server's clock: no sample stamped more than
 * 5 minutes in the future. Throws 413 for too many samples and 400 naming
 * every bad field (up to a limit) otherwise.
 */
export function validateBatch(input: unknown, now: number): Batch {
  if (typeof input === 'object' && input !== null && 'samples' in input) {
    const samples = (input as { samples: unknown }).samples;
    if (Array.isArray(samples) && samples.length > MAX_BATCH_SAMPLES) {
      throw payloadTooLarge(`The batch holds ${samples.length} samples; at most ${MAX_BATCH_SAMPLES} are allowed per request.`);
    }
  }
  const parsed = isExactBatch?.(input) ? { success: true as const, data: input as Batch } : batchSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : describeIssues(parsed.error);
  if (parsed.success) {
    const latestAllowed = now + MAX_FUTURE_SKEW_MS;
    parsed.data.samples.forEach((s, i) => {
      if (s.ts > latestAllowed) {
        issues.push({ path: `samples.${i}.ts`, message: `is ${Math.round((s.ts - now) / 1000)} s in the future; check the host's clock` });
      }
    });
  }
  if (issues.length === 0 && parsed.success) return parsed.data;
  const shown = issues.slice(0, MAX_REPORTED_ISSUES);
  const more = issues.length - shown.length;
  throw badRequest(
    'invalid_batch',
    `The batch is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}${more > 0 ? `, first ${shown.length} listed` : ''}); nothing was stored.`,
    shown,
  );
}

import { z } from 'zod';
import { InvalidInput } from '@/lib/errors';
import { DEFAULT_POINTS, MAX_POINTS } from './tier-select';

/**
 * Query-string parameters of the read API. Times are ms since the epoch or
 * ISO 8601; `range` (e.g. 15m, 24h, 30d) is a shorthand for from = to − range.
 */

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** No tier keeps more than a year by default; ten years is a generous ceiling that keeps arithmetic sane. */
const MAX_RANGE_MS = 3_650 * UNIT_MS.d;
const DEFAULT_RANGE_MS = UNIT_MS.h;

/** A time parameter: ms since the epoch or ISO 8601 (also the alert history's `from`/`to`). */
export const timeParam = z.string().transform((value, ctx) => {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be ms since the epoch or an ISO 8601 time like 2026-01-31T14:05:00Z' });
    return z.NEVER;
  }
  return ms;
});

const range = z.string().transform((value, ctx) => {
  const match = /^(\d{1,6})(m|h|d)$/.exec(value);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0 && ms <= MAX_RANGE_MS)) {
    ctx.addIssue({ code: 'custom', message: 'must be a positive duration like 15m, 24h or 30d (at most 3650d)' });
    return z.NEVER;
  }
  return ms;
});

const points = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().min(1, 'must be at least 1').max(MAX_POINTS, `must be at most ${MAX_POINTS}`));

const metrics = z
  .string()
  .transform((v) => [...new Set(v.split(',').map((m) => m.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(600)).min(1, 'must name at least one metric').max(300, 'may name at most 300 metrics'));

export const rangeParamsSchema = z.object({ from: timeParam.optional(), to: timeParam.optional(), range: range.optional(), points: points.optional() });
export const seriesParamsSchema = rangeParamsSchema.extend({ metrics: metrics.optional() });
export const atParamsSchema = z.object({ at: timeParam.optional() });

function invalid(error: z.ZodError): never {
  const details = error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message }));
  throw new InvalidInput('invalid_parameter', details.map((d) => `${d.path} ${d.message}`).join('; '), details);
}

function parse<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  const result = schema.safeParse(Object.fromEntries(params));
  if (!result.success) invalid(result.error);
  return result.data;
}

export interface TimeRange {
  from: number;
  to: number;
  points: number;
}

/** Narrows a window to what the caller may read (share links); applied before the length check, so `from=0` is clamped, not refused. */
export type WindowClamp = (w: { from: number; to: number }) => { from: number; to: number };

function resolveRange(p: z.output<typeof rangeParamsSchema>, now: number, clamp?: WindowClamp): TimeRange {
  const askedTo = p.to ?? (p.from !== undefined && p.range !== undefined ? p.from + p.range : now);
  const askedFrom = p.from ?? askedTo - (p.range ?? DEFAULT_RANGE_MS);
  if (askedFrom > askedTo) throw new InvalidInput('invalid_range', `from (${askedFrom}) is after to (${askedTo}); swap them or omit one.`);
  const { from, to } = clamp ? clamp({ from: askedFrom, to: askedTo }) : { from: askedFrom, to: askedTo };
  if (to - from > MAX_RANGE_MS) throw new InvalidInput('invalid_range', 'The range is longer than 3650 days.');
  return { from, to, points: p.points ?? DEFAULT_POINTS };
}

export function parseSeriesParams(params: URLSearchParams, now: number, clamp?: WindowClamp): TimeRange & { metrics: string[] | null } {
  const p = parse(seriesParamsSchema, params);
  return { ...resolveRange(p, now, clamp), metrics: p.metrics ?? null };
}

export function parseAtParam(params: URLSearchParams): number | undefined {
  return parse(atParamsSchema, params).at;
}

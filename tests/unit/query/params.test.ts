import { describe, expect, it } from 'vitest';
import { InvalidInput } from '@/lib/errors';
import { errorResponse } from '@/lib/http/error-response';
import { parseAtParam, parseSeriesParams } from '@/lib/query/params';

const now = Date.UTC(2026, 0, 31, 12);
const q = (s: string) => new URLSearchParams(s);

/** The refusal as the API answers it: lib/query throws InvalidInput, lib/http gives it its status. */
function rejects(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidInput) return { status: errorResponse(err).status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an InvalidInput');
}

describe('query parameters', () => {
  it('defaults to the last hour at 600 points', () => {
    expect(parseSeriesParams(q(''), now)).toEqual({ from: now - 3_600_000, to: now, points: 600, metrics: null });
  });

  it('reads ms and ISO times, and range shorthands', () => {
    expect(parseSeriesParams(q('from=1000&to=2000&points=10'), now)).toEqual({ from: 1000, to: 2000, points: 10, metrics: null });
    expect(parseSeriesParams(q('from=2026-01-31T11:00:00Z'), now).from).toBe(now - 3_600_000);
    expect(parseSeriesParams(q('range=30d'), now)).toMatchObject({ from: now - 30 * 86_400_000, to: now });
    expect(parseSeriesParams(q('from=0&range=15m'), now)).toMatchObject({ from: 0, to: 900_000 });
  });

  it('refuses from after to', () => {
    const err = rejects(() => parseSeriesParams(q('from=2000&to=1000'), now));
    expect([err.status, err.code]).toEqual([400, 'invalid_range']);
  });

  it('refuses more than 2000 points, and junk, naming the parameter', () => {
    const err = rejects(() => parseSeriesParams(q('points=2001'), now));
    expect(err.status).toBe(400);
    expect(err.message).toContain('points must be at most 2000');
    expect(rejects(() => parseSeriesParams(q('points=0'), now)).status).toBe(400);
    expect(rejects(() => parseSeriesParams(q('points=1.5'), now)).status).toBe(400);
    expect(rejects(() => parseSeriesParams(q('from=yesterday'), now)).message).toContain('from');
    expect(rejects(() => parseSeriesParams(q('range=7w'), now)).message).toContain('range');
  });

  it('splits, trims and de-duplicates metric names', () => {
    expect(parseSeriesParams(q('metrics=cpu.total, mem.used,cpu.total'), now).metrics).toEqual(['cpu.total', 'mem.used']);
    expect(parseSeriesParams(q(''), now).metrics).toBeNull();
    expect(rejects(() => parseSeriesParams(q('metrics=,'), now)).status).toBe(400);
  });

  it('reads an optional `at`', () => {
    expect(parseAtParam(q('at=12345'))).toBe(12345);
    expect(parseAtParam(q(''))).toBeUndefined();
    expect(rejects(() => parseAtParam(q('at=soon'))).status).toBe(400);
  });
});

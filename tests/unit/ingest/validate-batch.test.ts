import { describe, expect, it } from 'vitest';
import { HttpError } from '@/lib/http/http-error';
import { validateBatch } from '@/lib/ingest/validate-batch';
import { makeBatch } from '../../support/samples';

const NOW = Date.UTC(2026, 0, 31, 14, 5);

function issuesOf(input: unknown): { status: number; paths: string[]; messages: string[] } {
  try {
    validateBatch(input, NOW);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const details = (err.details ?? []) as { path: string; message: string }[];
    return { status: err.status, paths: details.map((d) => d.path), messages: details.map((d) => `${d.path}: ${d.message}`) };
  }
  throw new Error('expected the batch to be refused');
}

describe('validateBatch', () => {
  it('accepts a valid batch and returns it typed', () => {
    const batch = makeBatch(NOW, 3);
    expect(validateBatch(JSON.parse(JSON.stringify(batch)), NOW)).toEqual(batch);
  });

  it('names each bad field and why', () => {
    const batch = makeBatch(NOW, 2) as unknown as { samples: Record<string, Record<string, unknown>>[]; counters: Record<string, unknown> };
    batch.samples[0]!.cpu!.total = 130;
    batch.samples[1]!.memory!.used = -5;
    batch.counters.dropped = 'many';
    const { status, paths, messages } = issuesOf(batch);
    expect(status).toBe(400);
    expect(paths).toEqual(expect.arrayContaining(['samples.0.cpu.total', 'samples.1.memory.used', 'counters.dropped']));
    expect(messages.join('\n')).toMatch(/samples\.0\.cpu\.total: must be a percentage from 0 to 100/);
    expect(messages.join('\n')).toMatch(/samples\.1\.memory\.used: must not be negative/);
  });

  it('refuses Infinity (what 1e999 parses to)', () => {
    const batch = JSON.parse(JSON.stringify(makeBatch(NOW)).replace('"load1":', '"load1":1e999,"x":'));
    expect(batch.samples[0].cpu.load1).toBe(Infinity);
    expect(issuesOf(batch).paths).toContain('samples.0.cpu.load1');
  });

  it('refuses samples more than 5 minutes in the future, but allows small skew', () => {
    expect(() => validateBatch(makeBatch(NOW + 4 * 60_000), NOW)).not.toThrow();
    const { status, paths, messages } = issuesOf(makeBatch(NOW + 6 * 60_000, 2, 60_000));
    expect(status).toBe(400);
    expect(paths).toEqual(['samples.1.ts']);
    expect(messages[0]).toContain('future');
  });

  it('answers 413 for more than 500 samples', () => {
    const batch = makeBatch(NOW, 501, 1000);
    expect(issuesOf(batch).status).toBe(413);
  });

  it('refuses non-objects and a wrong version', () => {
    expect(issuesOf(null).status).toBe(400);
    expect(issuesOf([1, 2]).status).toBe(400);
    expect(issuesOf({ ...makeBatch(NOW), v: 2 }).paths).toEqual(['v']);
  });

  it('caps the number of listed problems', () => {
    const batch = makeBatch(NOW, 100, 1000) as unknown as { samples: Record<string, unknown>[] };
    for (const s of batch.samples) {
      s.cpu = 'x';
      s.memory = 'x';
    }
    const { paths } = issuesOf(batch);
    expect(paths.length).toBe(50);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** vercel.json names routes by path and by file: a renamed route must not leave the cron or a function setting pointing nowhere. */
const root = path.resolve(import.meta.dirname, '../..');
const vercel = JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as {
  crons: { path: string; schedule: string }[];
  functions: Record<string, { maxDuration: number }>;
};

describe('vercel.json', () => {
  it('calls the alert round every minute, at a route that exists', () => {
    expect(vercel.crons).toEqual([{ path: '/api/v1/alerts/cron', schedule: '* * * * *' }]);
    expect(existsSync(path.join(root, 'app', ...vercel.crons[0]!.path.split('/').filter(Boolean), 'route.ts'))).toBe(true);
  });

  it('sets durations only on route files that exist, within Vercel’s limits', () => {
    for (const [file, settings] of Object.entries(vercel.functions)) {
      expect([file, existsSync(path.join(root, file))]).toEqual([file, true]);
      expect(settings.maxDuration).toBeGreaterThan(0);
      expect(settings.maxDuration).toBeLessThanOrEqual(300);
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROBE_MAX_MS } from '@/collector/backoff';
import { buildBundle, runCollector, startSink, waitFor, type Collector, type Sink } from './sink';

const TOKEN = 'tok_test_0123456789abcdef0123456789';

interface LogLine {
  at: number;
  text: string;
}

/** The collector's own log, one entry per line with the time it printed. */
function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .map((text) => ({ at: Date.parse(text.slice(0, text.indexOf(' '))), text }))
    .filter((l) => Number.isFinite(l.at));
}

const numberAfter = (text: string, key: string) => Number(new RegExp(`${key}=(\\d+)`).exec(text)?.[1] ?? NaN);

/**
 * Recovery after the server goes away: a real collector bundle against a real
 * HTTP receiver that is stopped (connections refused) and started again. The
 * proof is the collector's own account: what it planned after each failure
 * and how many probes it needed once the server was back.
 */
describe('collector recovery after a server outage', () => {
  let sink: Sink;
  let dir: string;
  let collector: Collector | undefined;

  beforeAll(() => buildBundle());
  beforeEach(async () => {
    sink = await startSink();
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-recover-'));
  });
  afterEach(async () => {
    if (collector && collector.process.exitCode === null) {
      collector.process.kill('SIGKILL');
      await collector.exited;
    }
    collector = undefined;
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    (collector = runCollector(['--interval', '1', '--post-interval', '1', '--spool-dir', path.join(dir, 'spool'), '--log-level', 'debug'], {
      HOSTWATCH_URL: sink.url,
      HOSTWATCH_TOKEN: TOKEN,
    }));
  const stored = () => [...(sink.stored.get(TOKEN)?.keys() ?? [])];

  it('probes a server that refuses connections every few seconds, never backing off, and posts on the first probe that connects', async () => {
    const c = start();
    await waitFor('first samples', () => stored().length >= 2, 20_000, c.output);
    const downAt = Date.now();
    await sink.down();
    // Long enough that the old backoff (1, 2, 4, 8, 16 s …) would already wait longer than a probe interval.
    const failedProbes = () => logLines(c.output()).filter((l) => l.at >= downAt && l.text.includes('server still unreachable'));
    await waitFor('four failed probes', () => failedProbes().length >= 4, 60_000, c.output);

    // Every wait planned during the outage is a probe interval: nothing grew towards minutes.
    const planned = logLines(c.output())
      .filter((l) => l.at >= downAt)
      .flatMap((l) => [numberAfter(l.text, 'nextProbeInMs'), numberAfter(l.text, 'retryInMs')])
      .filter((n) => Number.isFinite(n));
    expect(planned.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...planned)).toBeLessThanOrEqual(PROBE_MAX_MS);
    // Probes are TCP connects, not posts: the receiver saw nothing while down (it could not), and the collector
    // posted once when the outage began, not once per probe.
    expect(logLines(c.output()).filter((l) => l.at >= downAt && l.text.includes('send failed')).length).toBeLessThanOrEqual(2);

    const upAt = Date.now();
    const before = stored().length;
    await sink.up();
    // The receiver stores the batch before the collector reads the reply and logs it: wait for both.
    const sentSinceUp = () => logLines(c.output()).some((l) => l.at >= upAt && l.text.includes('batch sent'));
    await waitFor('a batch after the server came back', () => stored().length > before && sentSinceUp(), 30_000, c.output);

    const after = logLines(c.output()).filter((l) => l.at >= upAt);
    const back = after.find((l) => l.text.includes('server reachable again'));
    expect(back, c.output()).toBeDefined();
    // At most one probe failed after the restart (one already under way when the port opened), so the
    // collector was back within two probe intervals; the probe that connected was followed by the post.
    expect(after.filter((l) => l.text.includes('server still unreachable')).length).toBeLessThanOrEqual(1);
    const sent = after.find((l) => l.text.includes('batch sent'));
    expect(sent && back && sent.at >= back.at).toBe(true);
    expect(after.filter((l) => l.at <= (sent?.at ?? 0) && l.text.includes('send failed'))).toEqual([]);
    expect(sink.duplicates).toBe(0);
  });

  it('still backs off from a server that answers errors, without probing', async () => {
    sink.script = Array.from({ length: 3 }, () => ({ status: 503 }));
    const c = start();
    await waitFor('three refusals', () => sink.requests.filter((r) => r.status === 503).length >= 3, 60_000, c.output);
    await waitFor('the sample batch after them', () => stored().length > 0, 60_000, c.output);
    const waits = logLines(c.output())
      .filter((l) => l.text.includes('will retry'))
      .map((l) => numberAfter(l.text, 'retryInMs'));
    // Doubling from 1 s (plus up to 50 % jitter): the third wait is at least 4 s.
    expect(waits.length).toBe(3);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(waits[2]).toBeGreaterThanOrEqual(4000);
    expect(c.output()).not.toMatch(/probing|server still unreachable/);
  });
});

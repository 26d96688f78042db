import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '@/collector/spool';
import { buildBundle, runCollector, startSink, waitFor, type Collector, type Sink } from './sink';

const TOKEN = 'tok_test_0123456789abcdef0123456789';

function spoolContents(dir: string): number[] {
  const s = Spool.open(dir, { maxBytes: 1e9, sync: false });
  try {
    return s.peek(100_000, 1e12).map((r) => (JSON.parse(r) as { ts: number }).ts);
  } finally {
    s.close();
  }
}

/** Timestamps in the segment files, read without taking the lock of the collector that is still running. */
function segmentTimestamps(dir: string): number[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('seg-'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.length > 9)
    .map((l) => (JSON.parse(l.slice(9)) as { ts: number }).ts);
}

/** Consecutive timestamps never further apart than `maxGapMs`: nothing missing in between. */
function assertContiguous(ts: number[], maxGapMs: number) {
  const sorted = [...ts].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!, `gap before sample ${i}`).toBeLessThanOrEqual(maxGapMs);
}

describe('collector sender against a real HTTP sink', () => {
  let sink: Sink;
  let dir: string;
  let collector: Collector | undefined;

  beforeAll(() => buildBundle());
  beforeEach(async () => {
    sink = await startSink();
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-send-'));
  });
  afterEach(async () => {
    if (collector && collector.process.exitCode === null) {
      collector.process.kill('SIGKILL');
      await collector.exited;
    }
    if (collector) expect(collector.output()).not.toContain(TOKEN);
    collector = undefined;
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (extra: string[] = [], spoolDir = path.join(dir, 'spool')) =>
    (collector = runCollector(['--interval', '1', '--post-interval', '1', '--spool-dir', spoolDir, ...extra], {
      HOSTWATCH_URL: sink.url,
      HOSTWATCH_TOKEN: TOKEN,
    }));
  const stored = () => [...(sink.stored.get(TOKEN)?.keys() ?? [])];

  it('delivers every sample exactly once across a server outage, and exits 0 on SIGTERM with the spool empty', async () => {
    const c = start();
    await waitFor('first samples', () => stored().length >= 2, 20_000, c.output);
    await sink.down();
    // The outage lasts until the collector has met it (a failed send, its samples kept in the spool), not a fixed time.
    await waitFor('a failed send during the outage', () => /send failed/.test(c.output()), 30_000, c.output);
    await sink.up();
    const before = stored().length;
    await waitFor('catch-up after the outage', () => stored().length >= before + 5, 30_000, c.output);
    c.process.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(sink.duplicates).toBe(0);
    expect(c.output()).toMatch(/WARN send failed; (will retry .*server unreachable|server unreachable, probing it)/);
    assertContiguous(stored(), 2500);
    expect(spoolContents(path.join(dir, 'spool'))).toEqual([]);
    const gz = sink.requests.filter((r) => r.batch);
    expect(gz.every((r) => r.gzip)).toBe(true);
    expect(gz[0]!.batch!.system?.collectorVersion).toBeTruthy(); // system info with the first batch…
    expect(gz.slice(1).every((r) => r.batch!.system === undefined)).toBe(true); // …and not again while unchanged
  });

  it('loses nothing that reached the spool when killed with -9, skipping a torn last record', async () => {
    sink.script = Array.from({ length: 100 }, () => ({ status: 503, headers: { 'Retry-After': '1' } }));
    const c = start();
    await waitFor('samples spooled', () => sink.requests.length >= 3, 20_000, c.output);
    c.process.kill('SIGKILL');
    await c.exited;
    const spoolDir = path.join(dir, 'spool');
    const spooled = spoolContents(spoolDir);
    expect(spooled.length).toBeGreaterThanOrEqual(3);
    const seg = readdirSync(spoolDir).filter((f) => f.startsWith('seg-')).sort().pop()!;
    appendFileSync(path.join(spoolDir, seg), '0badc0de {"ts":17,"cpu":{"tot'); // a write cut short by the kill
    sink.script = [];
    const again = start();
    await waitFor('the spooled samples delivered', () => spooled.every((ts) => sink.stored.get(TOKEN)?.has(ts)), 30_000, again.output);
    expect(again.output()).toMatch(/WARN spool: skipped damaged records count=1/);
    expect(again.output()).toMatch(/spool: resuming unsent samples pending=\d+/);
  });

  it('keeps the spool within --spool-max-mb by dropping the oldest, and reports the drop count', async () => {
    sink.script = Array.from({ length: 1000 }, () => ({ status: 503, headers: { 'Retry-After': '1' } }));
    const spoolDir = path.join(dir, 'spool');
    const c = start(['--spool-max-mb', '0.1']);
    await waitFor('the bound to drop samples', () => /spool full: dropped oldest samples/.test(c.output()), 60_000, c.output);
    const kept = segmentTimestamps(spoolDir);
    const bytes = readdirSync(spoolDir).filter((f) => f.startsWith('seg-')).reduce((a, f) => a + readFileSync(path.join(spoolDir, f)).length, 0);
    expect(bytes).toBeLessThanOrEqual(0.1 * 1024 * 1024 + 16 * 1024); // plus at most the sample being written
    sink.script = [];
    await waitFor('a batch after the outage', () => sink.requests.some((r) => r.status === 200), 20_000, c.output);
    const firstOk = sink.requests.find((r) => r.status === 200)!.batch!;
    expect(firstOk.counters.dropped).toBeGreaterThan(0);
    // What was dropped is older than everything still held: the first stored sample is the oldest kept one or newer.
    expect(Math.min(...stored())).toBeGreaterThanOrEqual(Math.min(...kept));
    await waitFor('the drop count reported once', () => sink.requests.filter((r) => r.status === 200).length >= 2, 20_000, c.output);
    const later = sink.requests.filter((r) => r.status === 200).slice(1);
    expect(later.every((r) => r.batch!.counters.dropped === 0)).toBe(true);
  });

  it('moves 400 and 413 batches to the dead-letter file and never resends them', async () => {
    sink.script = [
      { status: 400, body: { error: { code: 'invalid_batch', message: 'samples.0.cpu.total: must be a percentage' } } },
      { status: 413, body: { error: { code: 'too_large', message: 'body too large' } } },
    ];
    const c = start();
    await waitFor('two rejections and then acceptance', () => sink.requests.filter((r) => r.status === 200).length >= 2, 30_000, c.output);
    const rejected = sink.requests.filter((r) => r.status === 400 || r.status === 413).flatMap((r) => r.batch!.samples.map((s) => s.ts));
    expect(rejected.length).toBeGreaterThan(0);
    for (const ts of rejected) expect(sink.stored.get(TOKEN)?.has(ts)).toBeFalsy();
    const dead = readFileSync(path.join(dir, 'spool', 'dead-letter.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: number; message: string; samples: { ts: number }[] });
    expect(dead.map((d) => d.status)).toEqual([400, 413]);
    expect(dead[0]!.message).toContain('must be a percentage');
    expect(dead.flatMap((d) => d.samples.map((s) => s.ts))).toEqual(rejected);
    expect(c.output()).toMatch(/ERROR server rejected a batch; moved to the dead-letter file status=400/);
  });

  it('drops samples the server refused from its spool (they would be refused again), says why, and resends its system info with the next batch', async () => {
    const reason = 'stamped before anything this server keeps (365 days): check the host clock';
    sink.script = [{ status: 200, body: { accepted: 0, duplicates: 0, refused: { count: 1, reason }, sampleIntervalMs: 1000, postIntervalMs: 1000, untilMs: 0 } }];
    const c = start();
    await waitFor('a batch after the refused one', () => sink.requests.filter((r) => r.status === 200).length >= 2, 30_000, c.output);
    const [refused, next] = sink.requests.filter((r) => r.status === 200);
    const refusedTs = refused!.batch!.samples.map((s) => s.ts);
    expect(refused!.batch!.system).toBeDefined();
    expect(next!.batch!.system).toEqual(refused!.batch!.system);
    c.process.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(sink.requests.slice(1).flatMap((r) => r.batch?.samples.map((s) => s.ts) ?? []).filter((ts) => refusedTs.includes(ts))).toEqual([]);
    expect(c.output()).toContain(`WARN server refused samples (is this host's clock right?) samples=${refusedTs.length} refused=1 reason=`);
  });

  it('waits as long as Retry-After asks after a 429', async () => {
    sink.script = [{ status: 429, headers: { 'Retry-After': '3' } }];
    const c = start();
    await waitFor('a retry after the 429', () => sink.requests.length >= 2, 30_000, c.output);
    const [first, second] = sink.requests;
    expect(first!.status).toBe(429);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2900);
    expect(c.output()).toMatch(/retryInMs=3000/);
  });

  it('retries a refused token slowly and says so', async () => {
    sink.script = [{ status: 401, body: { error: { code: 'unauthorized', message: 'unknown token' } } }];
    const c = start();
    await waitFor('the refusal logged', () => /server refused the token/.test(c.output()), 20_000, c.output);
    expect(c.output()).toMatch(/retryInMs=(6\d{4}|[7-9]\d{4})/);
    // That the sender keeps to that delay is stepped through with faked timers in tests/unit/collector/sender-auth-retry.test.ts.
    expect(sink.requests).toHaveLength(1);
  });

  it('follows the live cadence the server asks for, then returns to its own', async () => {
    let until = 0;
    sink.reply = () => {
      if (until === 0) until = Date.now() + 5000;
      return { accepted: 0, duplicates: 0, sampleIntervalMs: 1000, postIntervalMs: 1000, untilMs: until };
    };
    const c = runCollector(['--interval', '3', '--post-interval', '3', '--spool-dir', path.join(dir, 'spool')], { HOSTWATCH_URL: sink.url, HOSTWATCH_TOKEN: TOKEN });
    collector = c;
    await waitFor('live samples', () => stored().some((ts) => ts < until && (sink.stored.get(TOKEN)!.get(ts)!.intervalMs < 1500)), 30_000, c.output);
    sink.reply = () => ({ accepted: 0, duplicates: 0, sampleIntervalMs: 1000, postIntervalMs: 1000, untilMs: until });
    await waitFor('back to its own interval', () => stored().some((ts) => ts > until + 3500), 30_000, c.output);
    const after = stored().filter((ts) => ts > until + 3500).map((ts) => sink.stored.get(TOKEN)!.get(ts)!.intervalMs);
    expect(after.every((ms) => ms > 2500)).toBe(true);
    expect(c.output()).toMatch(/cadence changed by server sampleMs=1000 postMs=1000/);
  });

  it('exits 0 on SIGTERM while the server is down, keeping unsent samples in the spool', async () => {
    const c = start();
    await waitFor('first samples', () => stored().length >= 1, 20_000, c.output);
    await sink.down();
    await waitFor('a failed send while the server is down', () => /send failed/.test(c.output()), 20_000, c.output);
    c.process.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    const left = spoolContents(path.join(dir, 'spool'));
    expect(left.length).toBeGreaterThan(0);
    for (const ts of left) expect(sink.stored.get(TOKEN)?.has(ts)).toBeFalsy();
    expect(existsSync(path.join(dir, 'spool', 'lock'))).toBe(false);
  });
});

import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, runCollector, startSink, waitFor, type Sink } from './sink';

const tokens = ['sim_token_aaaaaaaaaaaaaaaaaaaa', 'sim_token_bbbbbbbbbbbbbbbbbbbb', 'sim_token_cccccccccccccccccccc'];

describe('collector --simulate', () => {
  let sink: Sink;
  let dir: string;
  let tokensFile: string;
  beforeAll(async () => {
    buildBundle();
    sink = await startSink();
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-sim-'));
    tokensFile = path.join(dir, 'tokens');
    writeFileSync(tokensFile, `${tokens.join('\n')}\n`);
    chmodSync(tokensFile, 0o600);
  });
  afterAll(async () => {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backfills an hour of history per host through the sender, then goes live, each host with its own token', async () => {
    const started = Date.now();
    const c = runCollector(['--simulate', '3', '--tokens-file', tokensFile, '--backfill', '1', '--interval', '5', '--post-interval', '1', '--spool-dir', path.join(dir, 'spool')], {
      HOSTWATCH_URL: sink.url,
    });
    const count = (t: string) => sink.stored.get(t)?.size ?? 0;
    // The third host flaps: it may be offline right now, so only its history is awaited.
    const live = (t: string) => [...(sink.stored.get(t)?.keys() ?? [])].some((ts) => ts >= started);
    await waitFor('backfill delivered and live samples', () => live(tokens[0]!) && live(tokens[1]!) && count(tokens[2]!) >= 570, 45_000, c.output);
    c.process.kill('SIGTERM');
    expect(await c.exited).toBe(0);

    const hostnames = new Set(sink.requests.filter((r) => r.batch?.system).map((r) => `${r.token}:${r.batch!.system!.hostname}`));
    expect(hostnames.size).toBe(3);
    expect(sink.requests.every((r) => r.batch === undefined || r.batch.samples.length <= 500)).toBe(true);
    expect(sink.duplicates).toBe(0);

    for (const [i, t] of tokens.entries()) {
      const ts = [...sink.stored.get(t)!.keys()].sort((a, b) => a - b);
      // History reaches back an hour (the flapping host's may begin with one of its 3-minute absences).
      expect(ts[0]!).toBeLessThanOrEqual(started - 3_600_000 + (i === 2 ? 3 * 60_000 : 0) + 10_000);
      const gaps = ts.slice(1).map((v, k) => v - ts[k]!);
      if (i === 2) expect(Math.max(...gaps)).toBeGreaterThanOrEqual(3 * 60_000 - 5000); // the flapping host was offline
      else expect(Math.max(...gaps)).toBeLessThanOrEqual(10_000);
    }
    expect(c.output()).not.toContain(tokens[0]);
  });

  it('counts the watched patterns a reply asks for over each simulated host’s process table, and keeps them beside its spool', async () => {
    const watch = ['nginx', 'sshd', 'not-running'];
    sink.reply = () => ({ accepted: 0, duplicates: 0, sampleIntervalMs: 1000, postIntervalMs: 1000, untilMs: 0, watch });
    const spool = path.join(dir, 'spool-watch');
    const c = runCollector(['--simulate', '1', '--tokens-file', tokensFile, '--interval', '1', '--post-interval', '1', '--spool-dir', spool], { HOSTWATCH_URL: sink.url });
    const web = () => [...(sink.stored.get(tokens[0]!)?.values() ?? [])].filter((s) => s.processes.watched);
    await waitFor('samples with watched counts', () => web().length >= 2, 30_000, c.output);
    c.process.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    for (const s of web()) {
      const counts = Object.fromEntries(s.processes.watched!.map((w) => [w.pattern, w.count]));
      expect(Object.keys(counts)).toEqual(watch);
      expect(counts.nginx).toBeGreaterThanOrEqual(2); // sim-web-001: a master and its workers
      expect(counts.sshd).toBeGreaterThanOrEqual(1);
      expect(counts['not-running']).toBe(0);
    }
    expect(JSON.parse(readFileSync(path.join(spool, 'sim-1', 'watch.json'), 'utf8'))).toEqual({ watch });
  });

  it('refuses to run with fewer tokens than hosts, naming the option', async () => {
    const c = runCollector(['--simulate', '4', '--tokens-file', tokensFile, '--spool-dir', path.join(dir, 'spool2')], { HOSTWATCH_URL: sink.url });
    expect(await c.exited).toBe(2);
    expect(c.output().trim()).toBe(`hostwatch-collector: --tokens-file: ${tokensFile} has 3 token(s) but --simulate 4 needs one per host`);
  });
});

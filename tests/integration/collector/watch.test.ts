import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Batch, IngestReply } from '@/lib/wire/contract';
import { buildBundle, runCollector, startSink, waitFor, type Collector, type Sink } from './sink';

const TOKEN = 'tok_watch_0123456789abcdef0123456789';
type Sample = Batch['samples'][number];

describe('the real collector counts the processes the server asks it to watch', () => {
  let sink: Sink;
  let dir: string;
  let collector: Collector | undefined;
  let target: ChildProcess | undefined;

  beforeAll(() => buildBundle());
  beforeEach(async () => {
    sink = await startSink();
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-watch-'));
  });
  afterEach(async () => {
    for (const p of [collector?.process, target]) {
      if (p && p.exitCode === null && p.signalCode === null) {
        p.kill('SIGKILL');
        await new Promise((r) => p.once('exit', r));
      }
    }
    collector = target = undefined;
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const spoolDir = () => path.join(dir, 'spool');
  const start = () =>
    (collector = runCollector(['--interval', '1', '--post-interval', '1', '--spool-dir', spoolDir()], { HOSTWATCH_URL: sink.url, HOSTWATCH_TOKEN: TOKEN }));
  const samples = (): Sample[] => sink.requests.flatMap((r) => r.batch?.samples ?? []);
  const countsOf = (s: Sample) => (s.processes.watched ? Object.fromEntries(s.processes.watched.map((w) => [w.pattern, w.count])) : null);
  const reply = (extra: Partial<IngestReply>) => {
    sink.reply = () => ({ accepted: 0, duplicates: 0, sampleIntervalMs: 5000, postIntervalMs: 10_000, untilMs: 0, ...extra });
  };

  it('reports counts in the batches after a reply with `watch`, keeps them across a restart, and stops on an empty list', async () => {
    // A process whose name the kernel cuts (comm is "node"; argv[0] carries the long name) and whose command line holds a marker.
    const longName = `hw-watch-target-${randomBytes(4).toString('hex')}`;
    const marker = `hw-marker-${randomBytes(6).toString('hex')}`;
    target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { argv0: path.join(dir, longName), stdio: 'ignore' });
    const watch = [longName, marker, `${marker}-absent`];
    const present = { [longName]: 1, [marker]: 1, [`${marker}-absent`]: 0 };
    reply({ watch });

    const first = start();
    await waitFor('counts of the watched patterns', () => samples().some((s) => JSON.stringify(countsOf(s)) === JSON.stringify(present)), 30_000, first.output);
    // Nothing to count before the first reply; afterwards every pattern in every sample, in the server's order.
    expect(sink.requests.find((r) => r.batch)!.batch!.samples.every((s) => s.processes.watched === undefined)).toBe(true);
    expect(samples().find((s) => s.processes.watched)!.processes.watched!.map((w) => w.pattern)).toEqual(watch);
    expect(JSON.parse(readFileSync(path.join(spoolDir(), 'watch.json'), 'utf8'))).toEqual({ watch });
    expect(first.output()).toMatch(/INFO watched process patterns changed patterns=3/);
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Restarted, with replies that no longer mention `watch` (keep the last list): it counts from its very first sample.
    reply({});
    const restartedAt = Date.now();
    const sent = sink.requests.length;
    const second = start();
    await waitFor('the first batch after the restart', () => sink.requests.slice(sent).some((r) => r.batch), 30_000, second.output);
    const firstBatch = sink.requests.slice(sent).find((r) => r.batch)!.batch!;
    expect(firstBatch.samples.filter((s) => s.ts >= restartedAt).length).toBeGreaterThan(0);
    for (const s of firstBatch.samples.filter((x) => x.ts >= restartedAt)) expect(countsOf(s)).toEqual(present);
    expect(second.output()).toMatch(/collector started .*watchedPatterns=3/);

    // The counts are live: the watched process exits, and the next scans say so.
    const exited = Date.now();
    target.kill('SIGKILL');
    await waitFor('counts of 0 after the process exited', () => samples().some((s) => s.ts > exited + 2500 && countsOf(s)?.[longName] === 0 && countsOf(s)?.[marker] === 0), 30_000, second.output);

    // An empty list: no patterns, no counts.
    reply({ watch: [] });
    const cleared = Date.now();
    await waitFor('samples without counts', () => samples().filter((s) => s.ts > cleared + 2500 && s.processes.watched === undefined).length >= 2, 30_000, second.output);
    expect(JSON.parse(readFileSync(path.join(spoolDir(), 'watch.json'), 'utf8'))).toEqual({ watch: [] });
  });
});

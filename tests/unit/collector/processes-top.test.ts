import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessSampler } from '@/collector/proc/processes';
import { KeptFile, preadBytes, procBuffer, openOrNull, closeQuietly, readText } from '@/collector/proc/read';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(pid: number, ticks: number, rss: number, state = 'S') {
  mkdirSync(path.join(dir, String(pid)), { recursive: true });
  writeFileSync(path.join(dir, String(pid), 'stat'), `${pid} (p${pid}) ${state} 1 ${pid} ${pid} 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 10 1000 ${rss} 0\n`);
  writeFileSync(path.join(dir, String(pid), 'status'), 'Name:\tx\nUid:\t0\t0\t0\t0\n');
  writeFileSync(path.join(dir, String(pid), 'cmdline'), `p${pid}\0`);
}

/** Deterministic pseudo-random numbers with plenty of ties. */
function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

describe('ProcessSampler top lists', () => {
  it('picks the same processes, in the same order, as sorting every process would', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-top-'));
    const r = rng(7);
    const pids = Array.from({ length: 80 }, (_, i) => 100 + i * 3);
    const before = new Map(pids.map((p) => [p, r(50)]));
    for (const p of pids) put(p, before.get(p)!, 1);
    const sampler = new ProcessSampler({ procRoot: dir, pageSize: 4096, clockTicks: 100 });
    sampler.sample(0, 1000, 1e12, 0, 100);
    for (let round = 0; round < 5; round++) {
      const delta = new Map(pids.map((p) => [p, r(4) === 0 ? r(6) : 0]));
      const rss = new Map(pids.map((p) => [p, r(8) * 100]));
      for (const p of pids) {
        before.set(p, before.get(p)! + delta.get(p)!);
        put(p, before.get(p)!, rss.get(p)!, r(10) === 0 ? 'R' : 'S');
      }
      const s = sampler.sample(1000, 1100 + round, 1e12, 0, 100);
      // The reference: stable sorts of every process in directory order.
      const listed = readdirSync(dir).map(Number);
      const byCpu = [...listed].sort((a, b) => delta.get(b)! - delta.get(a)!).slice(0, 15);
      const byMem = [...listed].sort((a, b) => rss.get(b)! - rss.get(a)!).slice(0, 15);
      const union = [...new Set([...byCpu, ...byMem])];
      const expected = union
        .map((pid) => ({ pid, cpuPct: delta.get(pid)! / 10, rss: rss.get(pid)! * 4096 }))
        .sort((a, b) => b.cpuPct - a.cpuPct || b.rss - a.rss);
      expect(s.top.map((p) => [p.pid, p.cpuPct, p.rss])).toEqual(expected.map((e) => [e.pid, e.cpuPct, e.rss]));
      expect(s.total).toBe(pids.length);
    }
  });
});

describe('kept-open /proc reads', () => {
  it('re-reads a file rewritten in place and reports a missing one as gone', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-kept-'));
    const file = path.join(dir, 'stat');
    const kept = new KeptFile(file, true);
    expect(kept.read()).toBeNull();
    writeFileSync(file, 'first\n');
    expect(kept.read()).toBe('first\n');
    writeFileSync(file, 'second, longer\n');
    expect(kept.read()).toBe('second, longer\n');
    kept.close();
  });

  it('reads a file larger than the shared buffer whole, in one-record and multi-record mode', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-kept-'));
    const file = path.join(dir, 'big');
    const text = 'x'.repeat(200_000) + '\n';
    writeFileSync(file, text);
    const fd = openOrNull(file)!;
    for (const single of [true, false]) {
      const len = preadBytes(fd, single);
      expect(len).toBe(text.length);
      expect(procBuffer().toString('latin1', 0, len)).toBe(text);
    }
    closeQuietly(fd);
  });

  it('reads a seq_file longer than a page whole in multi-record mode, and a short one whole', () => {
    // /proc/crypto: a real seq_file of some 11 KB whose records (a few hundred bytes each) do not change.
    const whole = readText('/proc/crypto')!;
    expect(whole.length).toBeGreaterThan(8192);
    const crypto = new KeptFile('/proc/crypto', false);
    expect(crypto.read()).toBe(whole);
    crypto.close();
    // This process's network namespace: a few lines, all of them.
    const dev = new KeptFile('/proc/self/net/dev', false);
    expect(dev.read()).toBe(readText('/proc/self/net/dev'));
    dev.close();
  });
});

describe('ProcessSampler users and command lines', () => {
  it('refreshes them once a minute, following a changed command line and a renamed kernel thread', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-meta-'));
    let now = 1_000_000;
    put(100, 10, 5);
    put(101, 10, 4);
    writeFileSync(path.join(dir, '101', 'cmdline'), '');
    const sampler = new ProcessSampler({ procRoot: dir, pageSize: 4096, clockTicks: 100, clock: () => now });
    const commands = () => Object.fromEntries(sampler.sample(1000, 1100, 1e12, 0, 100).top.map((p) => [p.pid, p.command]));
    expect(commands()).toEqual({ 100: 'p100', 101: '[p101]' });

    // A process retitles itself with a secret in its arguments, and a kernel thread is renamed.
    writeFileSync(path.join(dir, '100', 'cmdline'), 'p100\0--password=hunter2\0');
    writeFileSync(path.join(dir, '101', 'stat'), '101 (kworker/1) S 1 101 101 0 -1 0 0 0 0 0 10 0 0 0 20 0 1 0 10 1000 4 0\n');
    now += 30_000;
    expect(commands()[100]).toBe('p100'); // within the minute: the last reading
    now += 31_000;
    const after = commands();
    expect(after[100]).toMatch(/^p100 --password=\S+$/);
    expect(after[100]).not.toContain('hunter2');
    expect(after[101]).toBe('[kworker/1]');

    // Unchanged since: the same result a minute later.
    now += 61_000;
    expect(commands()).toEqual(after);
  });
});

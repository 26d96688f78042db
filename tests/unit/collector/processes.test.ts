import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processSchema } from '@/lib/wire/contract';
import { parseCmdline, parsePasswd, parsePidStat, parseStatusUid } from '@/collector/proc/pid-stat';
import { ProcessSampler } from '@/collector/proc/processes';
import { fixture, fixtureDir } from './fixtures';

describe('/proc/[pid] parsers', () => {
  it('reads stat even when the command name holds spaces and parentheses', () => {
    expect(parsePidStat(fixture('pid-stat.txt'))).toEqual({
      pid: 1234,
      comm: 'my (weird) proc',
      state: 'S',
      ticks: 300,
      threads: 7,
      starttime: 5000,
      rssPages: 3000,
    });
    expect(parsePidStat(null)).toBeNull();
    expect(parsePidStat('1234 (trunc')).toBeNull();
  });

  it('reads the real uid, the command line and user names', () => {
    expect(parseStatusUid(fixture('pid-status.txt'))).toBe(1001);
    expect(parseCmdline('/usr/bin/node\0server.js\0--port\x003000\0', 'node')).toBe('/usr/bin/node server.js --port 3000');
    expect(parseCmdline('', 'kworker/0:1')).toBe('[kworker/0:1]');
    expect(parseCmdline('x'.repeat(500), 'x')).toHaveLength(200);
    expect(parsePasswd(fixture('passwd.txt')).get(1001)).toBe('alice');
  });
});

/** A miniature /proc that the test rewrites between samples. */
function procTree() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-proc-'));
  const put = (pid: number, comm: string, ticks: number, starttime: number, rss: number, opts: { status?: boolean } = {}) => {
    mkdirSync(path.join(dir, String(pid)), { recursive: true });
    const rest = `S 1 ${pid} ${pid} 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 3 0 ${starttime} 1000 ${rss} 0`;
    writeFileSync(path.join(dir, String(pid), 'stat'), `${pid} (${comm}) ${rest}\n`);
    if (opts.status !== false) writeFileSync(path.join(dir, String(pid), 'status'), `Name:\t${comm}\nUid:\t1001\t1001\t1001\t1001\n`);
    writeFileSync(path.join(dir, String(pid), 'cmdline'), `/bin/${comm}\0--flag\0`);
  };
  const remove = (pid: number) => rmSync(path.join(dir, String(pid)), { recursive: true, force: true });
  return { dir, put, remove };
}

describe('ProcessSampler', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('computes CPU as a share of the whole machine and tolerates processes that come and go', () => {
    const t = procTree();
    dir = t.dir;
    t.put(1, 'init', 1000, 1, 100);
    t.put(50, 'busy', 5000, 200, 20_000);
    t.put(60, 'leaving', 300, 300, 50);
    const sampler = new ProcessSampler({ procRoot: dir, passwdPath: path.join(fixtureDir, 'passwd.txt'), pageSize: 4096, clockTicks: 100 });
    const first = sampler.sample(0, 100_000, 1e9, 1_700_000_000, 200);
    expect(first.total).toBe(3);
    expect(first.top.every((p) => p.cpuPct === 0)).toBe(true);

    t.put(1, 'init', 1010, 1, 100);
    t.put(50, 'busy', 5100, 200, 20_000);
    t.remove(60); // exited during the interval
    t.put(70, 'newborn', 20, 99_950, 10); // started during the interval
    t.put(80, 'vanishing', 40, 500, 10, { status: false }); // exits between its stat and status reads
    // Two cores over one second at 100 Hz: 400 machine ticks.
    const s = sampler.sample(400, 100_100, 1e9, 1_700_000_000, 200);
    expect(s.total).toBe(4);
    expect(s.top.map((p) => [p.pid, p.cpuPct])).toEqual([
      [50, 25],
      [70, 5],
      [1, 2.5],
    ]);
    const busy = s.top[0]!;
    expect(busy).toMatchObject({ name: 'busy', user: 'alice', state: 'S', rss: 20_000 * 4096, threads: 3, command: '/bin/busy --flag' });
    expect(busy.startedAt).toBe(1_700_000_000_000 + 2000);
    for (const p of s.top) expect(processSchema.safeParse(p).success).toBe(true);
  });

  it('does not charge a reused pid with its predecessor’s time', () => {
    const t = procTree();
    dir = t.dir;
    t.put(42, 'old', 9000, 100, 10);
    const sampler = new ProcessSampler({ procRoot: dir, pageSize: 4096, clockTicks: 100 });
    sampler.sample(0, 10_000, 1e9, 0, 100);
    t.put(42, 'new', 30, 10_050, 10);
    expect(sampler.sample(100, 10_100, 1e9, 0, 100).top[0]).toMatchObject({ pid: 42, name: 'new', cpuPct: 30 });
  });

  it('keeps the union of the top 15 by CPU and the top 15 by memory', () => {
    const t = procTree();
    dir = t.dir;
    for (let pid = 2; pid < 42; pid++) t.put(pid, `p${pid}`, 0, 1, pid < 22 ? 1 : 1000 + pid);
    const sampler = new ProcessSampler({ procRoot: dir, pageSize: 4096, clockTicks: 100 });
    sampler.sample(0, 1000, 1e9, 0, 100);
    for (let pid = 2; pid < 42; pid++) t.put(pid, `p${pid}`, pid < 22 ? pid : 0, 1, pid < 22 ? 1 : 1000 + pid);
    const s = sampler.sample(1000, 1100, 1e9, 0, 100);
    expect(s.top).toHaveLength(30);
    expect(s.top.map((p) => p.pid)).toContain(21); // highest CPU
    expect(s.top.map((p) => p.pid)).toContain(41); // highest memory
  });
});

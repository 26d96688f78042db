import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleSchema } from '@/lib/wire/contract';
import { ProcessSampler } from '@/collector/proc/processes';
import { LinuxSampler } from '@/collector/sampler';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** At 100 Hz: the machine has been up 1000 s; processes started at tick 100 are old, at 99_900 one second old. */
const UPTIME = 100_000;
const OLD = 100;

/** A miniature /proc (real files) with the stat and cmdline of each process; `cmdline` is written as given (NULs and all). */
function procTree() {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hw-watch-'));
  const put = (pid: number, comm: string, cmdline: string, starttime = OLD, state = 'S') => {
    mkdirSync(path.join(dir, String(pid)), { recursive: true });
    writeFileSync(path.join(dir, String(pid), 'stat'), `${pid} (${comm}) ${state} 1 ${pid} ${pid} 0 -1 0 0 0 0 0 10 0 0 0 20 0 1 0 ${starttime} 1000 10 0\n`);
    writeFileSync(path.join(dir, String(pid), 'status'), `Name:\t${comm}\nUid:\t0\t0\t0\t0\n`);
    writeFileSync(path.join(dir, String(pid), 'cmdline'), cmdline);
  };
  const setCmdline = (pid: number, cmdline: string) => writeFileSync(path.join(dir, String(pid), 'cmdline'), cmdline);
  const remove = (pid: number) => rmSync(path.join(dir, String(pid)), { recursive: true, force: true });
  const sampler = new ProcessSampler({ procRoot: dir, pageSize: 4096, clockTicks: 100 });
  const scan = (uptime = UPTIME) => sampler.sample(100, uptime, 1e9, 1_700_000_000, 100);
  const counts = (uptime = UPTIME) => Object.fromEntries((scan(uptime).watched ?? []).map((w) => [w.pattern, w.count]));
  return { put, setCmdline, remove, sampler, scan, counts };
}

/** A small host: nginx with a name longer than the kernel keeps, sshd, postgres children and two kernel threads. */
function smallHost(t: ReturnType<typeof procTree>) {
  t.put(1, 'systemd', '/sbin/init\0splash\0');
  t.put(2, 'kthreadd', '');
  t.put(3, 'kworker/0:1-events', '');
  t.put(10, 'sshd', '/usr/sbin/sshd\0-D\0');
  // The kernel cuts comm at 15 characters; argv[0] keeps the whole name.
  t.put(20, 'nginx-worker-lo', '/usr/local/bin/nginx-worker-long-name\0-c\0/etc/nginx.conf\0');
  t.put(30, 'postgres', '/usr/lib/postgresql/16/bin/postgres\0-D\0/var/lib/postgresql\0');
  t.put(31, 'postgres', 'postgres: 16/main: checkpointer   \0\0\0\0'); // retitled: one argument padded with NULs
  t.put(32, 'postgres', 'postgres: 16/main: walwriter   \0\0\0');
  t.put(40, 'node', '/usr/bin/node\0/srv/café/server.js\0');
}

describe('ProcessSampler watched patterns', () => {
  it('counts every process by name, argv[0] basename and command line, with 0 for patterns nothing matches', () => {
    const t = procTree();
    smallHost(t);
    t.sampler.setWatch(['sshd', 'nginx-worker-long-name', 'nginx-worker-lo', 'postgres', 'checkpointer', '-D /var', 'kthreadd', 'kworker', 'café/server', 'nope', 'SSHD']);
    const s = t.scan();
    expect(s.watched).toEqual([
      { pattern: 'sshd', count: 1 }, // name (and command line)
      { pattern: 'nginx-worker-long-name', count: 1 }, // argv[0] basename, beyond comm's 15 characters (the command line holds it too)
      { pattern: 'nginx-worker-lo', count: 1 }, // the cut name is still the name
      { pattern: 'postgres', count: 3 },
      { pattern: 'checkpointer', count: 1 }, // inside a retitled command line
      { pattern: '-D /var', count: 1 }, // arguments joined by spaces
      { pattern: 'kthreadd', count: 1 }, // a kernel thread, by name
      { pattern: 'kworker', count: 0 }, // no command line to contain it, and the name is not equal
      { pattern: 'café/server', count: 1 }, // UTF-8 in the command line, byte for byte
      { pattern: 'nope', count: 0 },
      { pattern: 'SSHD', count: 0 }, // case-sensitive
    ]);
    expect(s.total).toBe(9);
    expect(sampleSchema.shape.processes.safeParse(s).success).toBe(true);
  });

  it('does nothing without patterns: no counts, no command line read; an empty list stops counting', () => {
    const t = procTree();
    smallHost(t);
    expect('watched' in t.scan()).toBe(false);
    expect(t.sampler.watchCmdlineReads).toBe(0);
    t.sampler.setWatch(['sshd']);
    expect(t.scan().watched).toEqual([{ pattern: 'sshd', count: 1 }]);
    t.sampler.setWatch([]);
    expect('watched' in t.scan()).toBe(false);
    const reads = t.sampler.watchCmdlineReads;
    t.scan();
    expect(t.sampler.watchCmdlineReads).toBe(reads);
  });

  it('reads a command line once per (pid, start time): later scans use the cached match, a new start time is read again', () => {
    const t = procTree();
    t.put(50, 'worker', '/opt/app/worker\0--queue\0mail\0');
    t.put(51, 'other', '/usr/bin/other\0');
    t.sampler.setWatch(['--queue mail', '--queue sms']);
    expect(t.counts()).toEqual({ '--queue mail': 1, '--queue sms': 0 });
    expect(t.sampler.watchCmdlineReads).toBe(2);

    // Same pid, same start time: the file is not read again, so the changed text is not seen.
    t.setCmdline(50, '/opt/app/worker\0--queue\0sms\0');
    for (let i = 0; i < 3; i++) expect(t.counts()).toEqual({ '--queue mail': 1, '--queue sms': 0 });
    expect(t.sampler.watchCmdlineReads).toBe(2);

    // A new process behind the same pid (another start time) is read.
    t.put(50, 'worker', '/opt/app/worker\0--queue\0sms\0', 5000);
    expect(t.counts()).toEqual({ '--queue mail': 0, '--queue sms': 1 });
    expect(t.sampler.watchCmdlineReads).toBe(3);
  });

  it('forgets the entries of gone pids, and matches again after exec (same pid and start time, new name)', () => {
    const t = procTree();
    t.put(60, 'sh', '/bin/sh\0-c\0exec nginx\0');
    t.sampler.setWatch(['nginx', 'exec nginx']);
    expect(t.counts()).toEqual({ nginx: 1, 'exec nginx': 1 });

    t.put(60, 'nginx', 'nginx: master process /usr/sbin/nginx\0'); // exec keeps pid and start time; comm changes
    expect(t.counts()).toEqual({ nginx: 1, 'exec nginx': 0 });
    expect(t.sampler.watchCmdlineReads).toBe(2);

    t.remove(60);
    expect(t.counts()).toEqual({ nginx: 0, 'exec nginx': 0 });
    // Back with the same pid and start time (only a test can do that): nothing cached survived, so it is read afresh.
    t.put(60, 'sh', '/bin/sh\0-c\0exec nginx\0');
    expect(t.counts()).toEqual({ nginx: 1, 'exec nginx': 1 });
    expect(t.sampler.watchCmdlineReads).toBe(3);
  });

  it('reads a young process once more when it is old enough not to retitle itself', () => {
    const t = procTree();
    t.put(70, 'postgres', '/usr/lib/postgresql/16/bin/postgres\0', UPTIME - 100); // started a second ago
    t.sampler.setWatch(['checkpointer']);
    expect(t.counts()).toEqual({ checkpointer: 0 });
    t.setCmdline(70, 'postgres: 16/main: checkpointer\0');
    expect(t.counts(UPTIME + 200)).toEqual({ checkpointer: 0 }); // 3 s old: still young, still cached
    expect(t.counts(UPTIME + 500)).toEqual({ checkpointer: 1 }); // 6 s old: read again, settled
    t.setCmdline(70, 'postgres: something else\0');
    expect(t.counts(UPTIME + 700)).toEqual({ checkpointer: 1 });
    expect(t.sampler.watchCmdlineReads).toBe(2);
  });

  it('matches every process again when the patterns change, and reports each pattern once', () => {
    const t = procTree();
    smallHost(t);
    t.sampler.setWatch(['sshd']);
    t.scan();
    expect(t.sampler.watchCmdlineReads).toBe(9);
    expect(t.sampler.setWatch(['sshd'])).toBe(false);
    t.scan();
    expect(t.sampler.watchCmdlineReads).toBe(9);
    expect(t.sampler.setWatch(['walwriter', 'sshd', 'walwriter'])).toBe(true);
    expect(t.scan().watched).toEqual([
      { pattern: 'walwriter', count: 1 },
      { pattern: 'sshd', count: 1 },
    ]);
    expect(t.sampler.watchCmdlineReads).toBe(18);
  });

  it('does not count zombies: an exited process its parent has not reaped is not running', () => {
    const t = procTree();
    t.put(90, 'nginx', 'nginx: worker process\0');
    t.put(91, 'nginx', 'nginx: worker process\0');
    t.sampler.setWatch(['nginx', 'worker process']);
    expect(t.counts()).toEqual({ nginx: 2, 'worker process': 2 });
    t.put(91, 'nginx', '', OLD, 'Z'); // the kernel empties a zombie's command line; its name stays
    expect(t.counts()).toEqual({ nginx: 1, 'worker process': 1 });
  });

  it('counts a process that exits before its command line is read by its name only', () => {
    const t = procTree();
    t.put(80, 'sshd', '/usr/sbin/sshd\0');
    rmSync(path.join(dir, '80', 'cmdline'));
    t.sampler.setWatch(['sshd', '/usr/sbin']);
    expect(t.counts()).toEqual({ sshd: 1, '/usr/sbin': 0 });
  });
});

describe('LinuxSampler watched patterns', () => {
  it('scans at the next sample when the patterns change, even at 1 s sampling where it would repeat the last scan', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-watch-scan-'));
    const proc = path.join(dir, 'proc');
    mkdirSync(path.join(proc, '42'), { recursive: true });
    writeFileSync(path.join(proc, '42', 'status'), 'Name:\tworker\nUid:\t0\t0\t0\t0\n');
    writeFileSync(path.join(proc, '42', 'cmdline'), '/opt/worker\0--fast\0');
    writeFileSync(path.join(proc, '42', 'stat'), '42 (worker) S 1 42 42 0 -1 0 0 0 0 0 5 0 0 0 20 0 1 0 10 1000 100 0\n');
    const at = (seconds: number) => {
      writeFileSync(path.join(proc, 'uptime'), `${1000 + seconds}.00 0.00\n`);
      writeFileSync(path.join(proc, 'stat'), `cpu  5 0 0 ${seconds * 200} 0 0 0 0 0 0\nbtime 1700000000\n`);
    };
    let now = 0;
    const sampler = new LinuxSampler({ procRoot: proc, sysRoot: path.join(dir, 'sys'), clock: () => now });
    at(0);
    await sampler.prime();
    const sampleAt = async (t: number) => {
      now = t * 1000;
      at(t);
      return (await sampler.sample())!;
    };
    expect((await sampleAt(1)).processes.watched).toBeUndefined();
    sampler.setWatch(['worker', '--fast']);
    const s = await sampleAt(2); // would repeat the scan of t=1 without the change
    expect(s.processes.watched).toEqual([
      { pattern: 'worker', count: 1 },
      { pattern: '--fast', count: 1 },
    ]);
    expect(sampleSchema.safeParse(s).success).toBe(true);
    expect((await sampleAt(3)).processes.watched).toEqual(s.processes.watched); // the repeated scan keeps its counts
  });
});

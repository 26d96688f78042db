import type { ProcessInfo, Sample, SystemInfo } from '../lib/wire/contract';
import { COLLECTOR_VERSION } from './version';
import { countWatched, type WatchedProcess } from './watch-match';

/**
 * Synthetic hosts for the demo and load tests. Every value is a pure function
 * of (host, timestamp), so a backfilled hour and the live stream that follows
 * it look alike, and two runs produce the same history.
 */
export interface SimHost {
  index: number;
  hostname: string;
  seed: number;
  cores: number;
  memTotal: number;
  profile: 'web' | 'db' | 'batch' | 'cache';
  /** Goes offline for 3 minutes in every 15. */
  flaps: boolean;
}

const PROFILES: SimHost['profile'][] = ['web', 'db', 'batch', 'cache'];
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const GiB = 1024 ** 3;

export function makeSimHosts(n: number): SimHost[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    hostname: `sim-${PROFILES[i % 4]}-${String(i + 1).padStart(3, '0')}`,
    seed: hash(0x9e3779b9, i + 1),
    cores: [2, 4, 8, 16][hash(7, i) % 4]!,
    memTotal: [4, 8, 16, 32][hash(11, i) % 4]! * GiB,
    profile: PROFILES[i % 4]!,
    flaps: n >= 2 && i === n - 1,
  }));
}

/** Integer hash (splitmix-like) to [0, 2^32). */
function hash(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x85ebca6b, 0xc2b2ae35) ^ Math.imul(b + 0x27d4eb2f, 0x165667b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** Deterministic value in [0, 1) for a host, a stream and a time bucket. */
function rnd(host: SimHost, stream: number, bucket: number): number {
  return hash(hash(host.seed, stream), bucket) / 2 ** 32;
}

const clamp = (v: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, v));
const r2 = (v: number) => Math.round(v * 100) / 100;

export function isOnline(host: SimHost, ts: number): boolean {
  if (!host.flaps) return true;
  return Math.floor(ts / MIN + (host.seed % 15)) % 15 >= 3;
}

function cpuTotal(host: SimHost, ts: number): number {
  const hourOfDay = (ts % DAY) / HOUR;
  const daily = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hourOfDay - 3)) / 24); // low at 03:00, high at 15:00
  const base = { web: 12, db: 20, batch: 8, cache: 6 }[host.profile];
  const burst = rnd(host, 1, Math.floor(ts / MIN)) < 0.04 ? 35 + 30 * rnd(host, 2, Math.floor(ts / MIN)) : 0;
  const noise = (rnd(host, 3, Math.floor(ts / 1000)) - 0.5) * 8;
  return clamp(base + 35 * daily + burst + noise);
}

const NAMES: Record<SimHost['profile'], string[]> = {
  web: ['nginx', 'node', 'php-fpm', 'sshd', 'systemd', 'journald', 'certbot'],
  db: ['postgres', 'pgbouncer', 'postgres: autovacuum', 'sshd', 'systemd', 'pg_dump'],
  batch: ['python3', 'java', 'spark-worker', 'cron', 'systemd', 'rsync', 'gzip'],
  cache: ['redis-server', 'memcached', 'sshd', 'systemd', 'haproxy'],
};

function processes(host: SimHost, ts: number, total: number, memUsed: number): ProcessInfo[] {
  const names = NAMES[host.profile];
  const window = Math.floor(ts / (5 * MIN)); // the cast changes every five minutes
  const top: ProcessInfo[] = [];
  let cpuLeft = total;
  let memLeft = memUsed;
  for (let i = 0; i < 8; i++) {
    const pick = (i + hash(host.seed, window + i)) % names.length;
    const name = i < 3 ? names[i]! : names[pick]!;
    const steady = i < 3;
    const pid = 100 + (hash(host.seed + i, steady ? 0 : window) % 60_000);
    const share = i === 0 ? 0.45 : 0.5 * rnd(host, 10 + i, Math.floor(ts / 10_000));
    const cpu = r2(clamp(cpuLeft * share));
    cpuLeft -= cpu;
    const rss = Math.round(memLeft * (i === 0 ? 0.35 : 0.15 * rnd(host, 20 + i, window)));
    memLeft -= rss;
    top.push({
      pid,
      name,
      user: name === 'postgres' || name.startsWith('postgres') ? 'postgres' : i % 3 === 0 ? 'root' : 'app',
      state: cpu > 5 ? 'R' : 'S',
      cpuPct: cpu,
      rss,
      memPct: r2(clamp((rss / host.memTotal) * 100)),
      threads: 1 + (hash(pid, 1) % 32),
      startedAt: steady ? Math.floor(ts / DAY) * DAY - (host.index + 1) * HOUR : window * 5 * MIN,
      command: `/usr/bin/${name.split(' ')[0]} --worker ${i}`.slice(0, 200),
    });
  }
  return top.sort((a, b) => b.cpuPct - a.cpuPct);
}

/** The daemons every simulated host runs besides its top processes; kernel threads have no command line. */
const EVERY_HOST: [name: string, command: string][] = [
  ['systemd', '/sbin/init'],
  ['kthreadd', ''],
  ['kworker/0:1-events', ''],
  ['systemd-journal', '/lib/systemd/systemd-journald'],
  ['systemd-udevd', '/lib/systemd/systemd-udevd'],
  ['rsyslogd', '/usr/sbin/rsyslogd -n -iNONE'],
  ['cron', '/usr/sbin/cron -f -P'],
  ['sshd', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'],
  ['agetty', '/sbin/agetty -o -p -- \\u --noclear tty1 linux'],
  ['node', '/usr/bin/node /usr/local/lib/hostwatch/hostwatch-collector.mjs'],
];

/** Each profile's services, as `ps` would list them (a name, its command line, how many of it). */
function profileProcesses(host: SimHost): [name: string, command: string, n: number][] {
  switch (host.profile) {
    case 'web':
      return [
        ['nginx', 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;', 1],
        ['nginx', 'nginx: worker process', host.cores],
        ['php-fpm8.2', 'php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)', 1],
        ['php-fpm8.2', 'php-fpm: pool www', 4],
        ['node', '/usr/bin/node /srv/app/server.js --port 3000', 2],
      ];
    case 'db':
      return [
        ['postgres', '/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main', 1],
        ['postgres', 'postgres: 16/main: checkpointer', 1],
        ['postgres', 'postgres: 16/main: walwriter', 1],
        ['postgres', 'postgres: 16/main: autovacuum launcher', 1],
        ['postgres', 'postgres: 16/main: app appdb 10.0.0.12(52114) idle', 6],
        ['pgbouncer', '/usr/sbin/pgbouncer /etc/pgbouncer/pgbouncer.ini', 1],
      ];
    case 'batch':
      return [
        ['java', '/usr/bin/java -Xmx4g -jar /opt/spark/jars/spark-worker.jar spark://master:7077', 1],
        ['python3', '/usr/bin/python3 /opt/jobs/scheduler.py', 1],
      ];
    case 'cache':
      return [
        ['redis-server', '/usr/bin/redis-server 127.0.0.1:6379', 1],
        ['memcached', '/usr/bin/memcached -m 1024 -p 11211 -u memcache', 1],
        ['haproxy', '/usr/sbin/haproxy -Ws -f /etc/haproxy/haproxy.cfg', 2],
      ];
  }
}

/**
 * `processes.watched` over a plausible full process table: the top list plus
 * the daemons above and, every ten minutes, zero to two SSH sessions.
 */
function watchedCounts(host: SimHost, ts: number, top: ProcessInfo[], watch: readonly string[]): { pattern: string; count: number }[] {
  const all: WatchedProcess[] = top.map((p) => ({ name: p.name, argv0: p.name, command: p.command }));
  for (const [name, command] of EVERY_HOST) all.push({ name, argv0: name, command });
  for (const [name, command, n] of profileProcesses(host)) for (let i = 0; i < n; i++) all.push({ name, argv0: name, command });
  const sessions = hash(host.seed, Math.floor(ts / (10 * MIN))) % 3;
  for (let i = 0; i < sessions; i++) all.push({ name: 'sshd', argv0: 'sshd', command: 'sshd: admin@pts/0' }, { name: 'bash', argv0: 'bash', command: '-bash' });
  return countWatched(watch, all);
}

/** One sample of a simulated host; with `watch`, counts for those process patterns (as the reply's `watch` asks). */
export function simSample(host: SimHost, ts: number, intervalMs: number, watch: readonly string[] = []): Sample {
  const total = cpuTotal(host, ts);
  const cores = Array.from({ length: host.cores }, (_, c) => r2(clamp(total + (rnd(host, 30 + c, Math.floor(ts / 1000)) - 0.5) * 20)));
  // Memory grows over a six-hour cycle (a leak, a filling cache) and drops back on "restart".
  const period = 6 * HOUR;
  const phase = ((ts + host.seed * 1000) % period) / period;
  const used = Math.round(host.memTotal * (0.3 + 0.5 * phase));
  const cached = Math.round((host.memTotal - used) * 0.6);
  const days = ts / DAY;
  const fsFill = (size: number, start: number, perDay: number) => {
    const frac = start + ((days * perDay) % (0.93 - start)); // fills slowly, cleaned up when nearly full
    const usedB = Math.round(size * frac);
    const freeB = size - usedB;
    return { size, used: usedB, free: freeB, usedPct: r2((usedB / size) * 100) };
  };
  const rootSize = (40 + (host.seed % 4) * 40) * GiB;
  const dataSize = (200 + (host.seed % 5) * 100) * GiB;
  const minute = Math.floor(ts / MIN);
  const netBurst = rnd(host, 40, minute) < 0.05 ? 8 + 10 * rnd(host, 41, minute) : 1;
  const rx = r2((200_000 + 2_000_000 * (total / 100)) * netBurst);
  const tx = r2(rx * (host.profile === 'web' ? 3 : 0.6));
  const readBps = r2(50_000 + 4_000_000 * rnd(host, 50, Math.floor(ts / 5000)) * (host.profile === 'db' ? 3 : 1));
  const writeBps = r2(80_000 + 2_000_000 * rnd(host, 51, Math.floor(ts / 5000)));
  const netRates = { rxBps: rx, txBps: tx, rxPps: r2(rx / 900), txPps: r2(tx / 900), rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: netBurst > 1 ? 0.2 : 0, txDropPerSec: 0 };
  const diskRates = { readBps, writeBps, readsPerSec: r2(readBps / 16384), writesPerSec: r2(writeBps / 8192), busyPct: r2(clamp((readBps + writeBps) / 150_000)) };
  const top = processes(host, ts, total, used);
  const user = r2(total * 0.7);
  const system = r2(total * 0.2);
  const iowait = r2(host.profile === 'db' ? 3 * rnd(host, 60, minute) : 0.5);
  return {
    ts,
    intervalMs,
    cpu: {
      total: r2(total),
      user,
      system,
      iowait,
      steal: 0,
      irq: r2(total * 0.05),
      nice: r2(total * 0.05),
      idle: r2(clamp(100 - total - iowait)),
      cores,
      load1: r2((total / 100) * host.cores * 1.1),
      load5: r2((total / 100) * host.cores),
      load15: r2((total / 100) * host.cores * 0.9),
      ctxtPerSec: Math.round(2000 + total * 150),
      intrPerSec: Math.round(1000 + total * 80),
      procsRunning: 1 + Math.round((total / 100) * host.cores),
      procsBlocked: iowait > 2 ? 1 : 0,
    },
    memory: { total: host.memTotal, used, available: host.memTotal - used, buffers: Math.round(cached * 0.05), cached, swapTotal: 2 * GiB, swapUsed: Math.round(phase > 0.8 ? 0.1 * GiB : 0) },
    filesystems: [
      { mount: '/', device: '/dev/sda1', type: 'ext4', ...fsFill(rootSize, 0.3, 0.004), inodesUsed: 250_000, inodesTotal: 2_600_000 },
      { mount: '/data', device: '/dev/sdb1', type: 'xfs', ...fsFill(dataSize, 0.4, 0.01), inodesUsed: 90_000, inodesTotal: 50_000_000 },
    ],
    disk: { total: diskRates, devices: [{ name: 'sda', ...diskRates }] },
    network: { total: netRates, interfaces: [{ name: 'eth0', ...netRates }] },
    temperatures: [{ label: 'coretemp Package id 0', celsius: Math.round((38 + total * 0.35) * 10) / 10 }],
    processes: {
      total: 120 + (hash(host.seed, minute) % 40),
      running: 1 + Math.round(total / 25),
      top,
      ...(watch.length > 0 ? { watched: watchedCounts(host, ts, top, watch) } : {}),
    },
  };
}

export function simSystem(host: SimHost, now: number): SystemInfo {
  return {
    hostname: host.hostname,
    os: 'Ubuntu',
    osVersion: ['22.04', '24.04'][host.index % 2]!,
    kernel: ['5.15.0-119-generic', '6.8.0-45-generic'][host.index % 2]!,
    arch: 'x64',
    cpuModel: host.cores >= 8 ? 'AMD EPYC 7R13 Processor' : 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz',
    cores: host.cores,
    threads: host.cores,
    memoryTotal: host.memTotal,
    bootTime: Math.floor(now / DAY) * DAY - 20 * DAY,
    virtualization: 'kvm',
    collectorVersion: COLLECTOR_VERSION,
  };
}

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleSchema, systemInfoSchema } from '@/lib/wire/contract';
import { isOnline, makeSimHosts, simSample, simSystem } from '@/collector/simulate-patterns';
import { readTokens } from '@/collector/simulate';

const HOUR = 3_600_000;
const day = Date.UTC(2025, 5, 2);

describe('simulated hosts', () => {
  const hosts = makeSimHosts(5);

  it('have distinct identities and valid samples at any time', () => {
    expect(new Set(hosts.map((h) => h.hostname)).size).toBe(5);
    for (const h of hosts) {
      expect(systemInfoSchema.safeParse(simSystem(h, day)).success).toBe(true);
      for (let t = day; t < day + 2 * HOUR; t += 7 * 60_000 + 13) {
        const r = sampleSchema.safeParse(simSample(h, t, 5000));
        expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      }
    }
  });

  it('are a pure function of time, so backfill and live agree', () => {
    expect(simSample(hosts[0]!, day + 123_456, 5000)).toEqual(simSample(hosts[0]!, day + 123_456, 5000));
  });

  it('follow a daily CPU cycle, grow memory and drop it, fill disks slowly and change their top processes', () => {
    const h = hosts[1]!;
    const avg = (from: number) => {
      let sum = 0;
      for (let i = 0; i < 60; i++) sum += simSample(h, from + i * 60_000, 60_000).cpu.total;
      return sum / 60;
    };
    expect(avg(day + 14 * HOUR)).toBeGreaterThan(avg(day + 2 * HOUR) + 15);
    const mem = Array.from({ length: 13 }, (_, i) => simSample(h, day + i * 30 * 60_000, 5000).memory.used);
    expect(mem.some((m, i) => i > 0 && m < mem[i - 1]!)).toBe(true); // a drop
    expect(mem.filter((m, i) => i > 0 && m > mem[i - 1]!).length).toBeGreaterThan(8); // mostly growth
    const fsUsed = (t: number) => simSample(h, t, 5000).filesystems[1]!.used;
    expect(fsUsed(day + 6 * HOUR)).toBeGreaterThan(fsUsed(day));
    const names = (t: number) => simSample(h, t, 5000).processes.top.map((p) => `${p.pid}:${p.name}`).join();
    const windows = new Set(Array.from({ length: 12 }, (_, i) => names(day + i * 5 * 60_000)));
    expect(windows.size).toBeGreaterThan(3);
  });

  it('count watched patterns over a plausible process table, and report none without patterns', () => {
    const [web, db, batch, cache] = hosts;
    const counts = (h: (typeof hosts)[number], t: number, watch: string[]) =>
      Object.fromEntries(simSample(h, t, 5000, watch).processes.watched!.map((w) => [w.pattern, w.count]));
    const watch = ['sshd', 'cron', 'nginx', 'postgres: 16/main: checkpointer', 'redis-server', 'spark-worker', 'not-running'];
    for (let t = day; t < day + 2 * HOUR; t += 11 * 60_000) {
      const r = sampleSchema.safeParse(simSample(web!, t, 5000, watch));
      expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      for (const h of hosts) {
        const c = counts(h, t, watch);
        expect(Object.keys(c)).toEqual(watch); // every pattern, in order
        expect(c.sshd).toBeGreaterThanOrEqual(1);
        expect(c.cron).toBeGreaterThanOrEqual(1);
        expect(c['not-running']).toBe(0);
      }
      expect(counts(web!, t, watch).nginx).toBeGreaterThanOrEqual(1 + web!.cores); // master and one worker per core
      expect(counts(db!, t, watch).nginx).toBe(0);
      expect(counts(db!, t, watch)['postgres: 16/main: checkpointer']).toBe(1);
      expect(counts(cache!, t, watch)['redis-server']).toBeGreaterThanOrEqual(1);
      expect(counts(batch!, t, watch)['spark-worker']).toBeGreaterThanOrEqual(1);
    }
    expect('watched' in simSample(web!, day, 5000).processes).toBe(false);
    expect(simSample(web!, day + 1000, 5000, watch)).toEqual(simSample(web!, day + 1000, 5000, watch)); // still a pure function
  });

  it('have exactly one host that flaps offline', () => {
    const flapping = hosts.filter((h) => h.flaps);
    expect(flapping).toHaveLength(1);
    const minutes = Array.from({ length: 60 }, (_, i) => isOnline(flapping[0]!, day + i * 60_000));
    expect(minutes.filter((m) => !m)).toHaveLength(12);
    expect(hosts.filter((h) => !h.flaps).every((h) => isOnline(h, day))).toBe(true);
  });
});

describe('tokens file', () => {
  it('needs one private line per host', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-tok-'));
    try {
      const file = path.join(dir, 'tokens');
      writeFileSync(file, '# comment\nt1\n\nt2\n');
      chmodSync(file, 0o600);
      expect(readTokens(file, 2)).toEqual(['t1', 't2']);
      expect(() => readTokens(file, 3)).toThrow('--tokens-file: ' + file + ' has 2 token(s) but --simulate 3 needs one per host');
      chmodSync(file, 0o640);
      expect(() => readTokens(file, 1)).toThrow(/mode 0640/);
      expect(() => readTokens(path.join(dir, 'nope'), 1)).toThrow('--tokens-file: cannot read');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreConflictError, StoreUnavailableError } from '@/lib/store/errors';
import type { Store } from '@/lib/store/types';
import { DAY, HOUR, MINUTE, type Retention } from '@/lib/metrics/tiers';
import { batch, host, sample, sleep } from './sample';

/**
 * The one behaviour every backend must show. Each backend's test file calls
 * storeContract with a factory for a fresh, empty store on the real backend.
 */
export interface BackendUnderTest {
  create(retention: Retention): Promise<Store>;
  /** Stop and restart the real server behind the store (network backends). */
  outage?: { stop(): Promise<void>; start(): Promise<void> };
}

const RETENTION: Retention = { rawMs: HOUR, minuteMs: DAY, fiveMinuteMs: 3 * DAY, hourMs: 30 * DAY };
const minuteStart = (t: number) => t - (t % MINUTE);

export function storeContract(name: string, backend: BackendUnderTest): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await backend.create(RETENTION);
    });
    afterAll(async () => {
      await store?.close();
    });

    async function newHost() {
      const h = host();
      await store.createHost(h);
      return h;
    }

    describe('hosts', () => {
      it('creates, finds by id and token hash, lists, updates and refuses duplicates', async () => {
        const h = await newHost();
        expect(await store.getHost(h.id)).toEqual(h);
        expect(await store.findHostByTokenHash(h.tokenHash)).toEqual(h);
        expect((await store.listHosts()).map((x) => x.id)).toContain(h.id);
        await expect(store.createHost({ ...h, tokenHash: 'f'.repeat(64) })).rejects.toBeInstanceOf(StoreConflictError);
        await expect(store.createHost({ ...host(), tokenHash: h.tokenHash })).rejects.toBeInstanceOf(StoreConflictError);

        const updated = await store.updateHost(h.id, { name: 'renamed', tags: ['db', 'eu'], disabled: true, tokenHash: 'e'.repeat(64) });
        expect(updated).toEqual({ ...h, name: 'renamed', tags: ['db', 'eu'], disabled: true, tokenHash: 'e'.repeat(64) });
        expect(await store.getHost(h.id)).toEqual(updated);
        expect(await store.findHostByTokenHash(h.tokenHash)).toBeNull();
        expect(await store.findHostByTokenHash('e'.repeat(64))).toEqual(updated);
        expect(await store.updateHost('no-such-host', { name: 'x' })).toBeNull();
        expect(await store.getHost('no-such-host')).toBeNull();
      });
    });

    describe('ingest', () => {
      it('stores each (host, ts) once: a resent batch is all duplicates and changes nothing', async () => {
        const h = await newHost();
        const now = Date.now();
        const t0 = minuteStart(now - 10 * MINUTE);
        const b = batch([sample(t0, { cpu: 10 }), sample(t0 + 5_000, { cpu: 30 })]);
        expect(await store.ingest(h.id, b, now)).toEqual({ accepted: 2, duplicates: 0, watchedUntil: null });
        const before = await store.readSeries(h.id, '1m', ['cpu.total'], t0 - HOUR, now);
        expect(await store.ingest(h.id, b, now)).toEqual({ accepted: 0, duplicates: 2, watchedUntil: null });
        const mixed = batch([sample(t0 + 5_000, { cpu: 99 }), sample(t0 + 10_000, { cpu: 50 }), sample(t0 + 10_000, { cpu: 70 })]);
        expect(await store.ingest(h.id, mixed, now)).toMatchObject({ accepted: 1, duplicates: 2 });

        const raw = await store.readSeries(h.id, 'raw', ['cpu.total'], t0, now);
        expect(raw.map((r) => [r.t, r.values['cpu.total'].avg])).toEqual([[t0, 10], [t0 + 5_000, 30], [t0 + 10_000, 50]]);
        expect(before).toEqual([{ t: t0, values: { 'cpu.total': { avg: 20, min: 10, max: 30 } } }]);
        expect(await store.readSeries(h.id, '1m', ['cpu.total'], t0 - HOUR, now)).toEqual([{ t: t0, values: { 'cpu.total': { avg: 30, min: 10, max: 50 } } }]);
      });

      it('counts concurrent retries of one batch exactly once', async () => {
        const h = await newHost();
        const now = Date.now();
        const t0 = minuteStart(now - 20 * MINUTE);
        const b = batch([sample(t0, { cpu: 10 }), sample(t0 + 1_000, { cpu: 20 }), sample(t0 + 2_000, { cpu: 30 })]);
        const results = await Promise.all(Array.from({ length: 5 }, () => store.ingest(h.id, b, now)));
        expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(3);
        expect(results.reduce((s, r) => s + r.duplicates, 0)).toBe(12);
        expect(await store.readSeries(h.id, '5m', ['cpu.total'], t0 - HOUR, now)).toEqual([
          { t: t0 - (t0 % (5 * MINUTE)), values: { 'cpu.total': { avg: 20, min: 10, max: 30 } } },
        ]);
      });

      it('keeps avg, min and max of every history series in each rollup tier', async () => {
        const h = await newHost();
        const now = Date.now();
        const t0 = minuteStart(now - 30 * MINUTE);
        const fs = (pct: number) => ({ '/': pct, '/var/lib/data': 90 });
        await store.ingest(h.id, batch([
          sample(t0 + 1_000, { cpu: 10, memUsed: 1_000, netRx: 7, load1: 1.25, filesystems: fs(40), temperatures: [40, 55.5] }),
          sample(t0 + 2_000, { cpu: 20.5, memUsed: 3_000, netRx: 8, load1: 0.75, filesystems: fs(41), temperatures: [-5.5] }),
        ]), now);
        await store.ingest(h.id, batch([sample(t0 + 3_000, { cpu: 60, memUsed: 2_000, netRx: 9, load1: 1, filesystems: fs(42), temperatures: [] })]), now);
        const metrics = ['cpu.total', 'mem.used', 'net.rx', 'load.1', 'fs:/', 'fs:/var/lib/data', 'temp.max'];
        for (const tier of ['1m', '5m', '1h'] as const) {
          const rows = await store.readSeries(h.id, tier, metrics, t0 - DAY, now);
          expect(rows).toHaveLength(1);
          const v = rows[0].values;
          expect(v['cpu.total'].avg).toBeCloseTo(30.1666666, 5);
          expect([v['cpu.total'].min, v['cpu.total'].max]).toEqual([10, 60]);
          expect(v['mem.used']).toEqual({ avg: 2_000, min: 1_000, max: 3_000 });
          expect(v['net.rx']).toEqual({ avg: 8, min: 7, max: 9 });
          expect(v['load.1']).toEqual({ avg: 1, min: 0.75, max: 1.25 });
          expect(v['fs:/']).toEqual({ avg: 41, min: 40, max: 42 });
          expect(v['fs:/var/lib/data']).toEqual({ avg: 90, min: 90, max: 90 });
          expect(v['temp.max'].avg).toBeCloseTo(25, 9); // only the two samples with sensors count
          expect([v['temp.max'].min, v['temp.max'].max]).toEqual([-5.5, 55.5]);
        }
        expect(await store.listSeriesNames(h.id)).toEqual(expect.arrayContaining(['cpu.total', 'swap.used', 'fs:/', 'fs:/var/lib/data', 'temp.max']));
      });

      it('puts late samples only into the tiers that still cover their time, and dedups them too', async () => {
        const h = await newHost();
        const now = Date.now();
        const twoHours = minuteStart(now - 2 * HOUR); // past raw (1 h), inside 1m (1 d)
        const twoDays = minuteStart(now - 2 * DAY); // past 1m, inside 5m (3 d)
        const tenDays = minuteStart(now - 10 * DAY); // only 1h (30 d)
        const late = batch([sample(twoHours, { cpu: 11 }), sample(twoDays, { cpu: 22 }), sample(tenDays, { cpu: 33 })]);
        expect(await store.ingest(h.id, late, now)).toMatchObject({ accepted: 3, duplicates: 0 });
        expect(await store.ingest(h.id, late, now)).toMatchObject({ accepted: 0, duplicates: 3 });
        const cpu = async (tier: 'raw' | '1m' | '5m' | '1h') =>
          (await store.readSeries(h.id, tier, ['cpu.total'], now - 40 * DAY, now)).map((r) => r.values['cpu.total'].max);
        expect(await cpu('raw')).toEqual([]);
        expect(await cpu('1m')).toEqual([11]);
        expect(await cpu('5m')).toEqual([22, 11]);
        expect(await cpu('1h')).toEqual([33, 22, 11]);
      });

      it('reads only the asked metrics of rows inside [from, to], ascending', async () => {
        const h = await newHost();
        const now = Date.now();
        const t0 = minuteStart(now - 40 * MINUTE);
        await store.ingest(h.id, batch([0, 1, 2, 3, 4].map((i) => sample(t0 + i * 5_000, { cpu: i, memUsed: 1_000 + i }))), now);
        const rows = await store.readSeries(h.id, 'raw', ['mem.used', 'no.such.metric'], t0 + 5_000, t0 + 15_000);
        expect(rows).toEqual([1, 2, 3].map((i) => ({ t: t0 + i * 5_000, values: { 'mem.used': { avg: 1_000 + i, min: 1_000 + i, max: 1_000 + i } } })));
        expect(await store.readSeries(h.id, 'raw', ['no.such.metric'], t0, now)).toEqual([]);
        expect(await store.readSeries('no-such-host', 'raw', ['cpu.total'], t0, now)).toEqual([]);
      });

      it('keeps the newest sample, system info, counters, drops and clock skew as the host state', async () => {
        const h = await newHost();
        const now = Date.now();
        const t0 = now - 5 * MINUTE;
        const system = {
          hostname: 'web-1', os: 'Debian', osVersion: '12', kernel: '6.1', arch: 'x64', cpuModel: 'EPYC', cores: 2, threads: 4,
          memoryTotal: 8e9, bootTime: 1_700_000_000_000, virtualization: 'kvm', collectorVersion: '0.1.0',
        };
        expect(await store.getHostState(h.id)).toBeNull();
        await store.ingest(h.id, batch([sample(t0, { processes: ['a'] }), sample(t0 + 5_000, { cpu: 77, processes: ['b', 'c'] })], { system, counters: { spooled: 3, dropped: 2 } }), now);
        await store.ingest(h.id, batch([sample(t0 - 60_000, { cpu: 1 })], { counters: { spooled: 0, dropped: 5 } }), now + 1_000);
        await store.ingest(h.id, batch([sample(t0 - 60_000, { cpu: 1 })], { counters: { spooled: 0, dropped: 5 } }), now + 2_000); // a retry: drops not counted again
        const state = await store.getHostState(h.id);
        expect(state).toMatchObject({ hostId: h.id, lastSeen: now + 2_000, system, counters: { spooled: 0, dropped: 5 }, droppedTotal: 7, clockSkewMs: now + 2_000 - (t0 - 60_000) });
        expect(state!.latest.ts).toBe(t0 + 5_000);
        expect(state!.latest.cpu.total).toBe(77);
        expect(state!.latest.processes.top.map((p) => p.name)).toEqual(['b', 'c']);
        expect(state!.latest.cpu.cores).toEqual([77, 77]);
      });

      it('lists the fleet with each host state (headline only: no process list) in one call', async () => {
        const a = await newHost();
        const b = await newHost();
        const now = Date.now();
        await store.ingest(a.id, batch([sample(now - 1_000, { cpu: 42, processes: ['x'] })]), now);
        const fleet = await store.getFleet();
        const ea = fleet.find((e) => e.host.id === a.id);
        const eb = fleet.find((e) => e.host.id === b.id);
        expect(ea?.host).toEqual(a);
        expect(ea?.state?.latest.cpu.total).toBe(42);
        expect(ea?.state?.latest.processes.top).toEqual([]);
        expect(ea?.state?.lastSeen).toBe(now);
        expect(eb).toEqual({ host: b, state: null });
      });

      it('keeps one process snapshot per minute and answers the one nearest a time', async () => {
        const h = await newHost();
        const now = Date.now();
        const t0 = minuteStart(now - 30 * MINUTE);
        await store.ingest(h.id, batch([
          sample(t0 + 1_000, { processes: ['first'] }),
          sample(t0 + 30_000, { processes: ['same-minute'] }),
          sample(t0 + 61_000, { processes: ['second'] }),
          sample(t0 + 181_000, { processes: ['third'] }),
        ]), now);
        await store.ingest(h.id, batch([sample(t0 + 240_000, { processes: ['latest'] })]), now);
        const at = async (t?: number) => (await store.getProcessSnapshot(h.id, t))?.processes.map((p) => p.name);
        expect(await at()).toEqual(['latest']);
        expect(await at(t0 + 20_000)).toEqual(['first']); // the 30 s sample of that minute was not kept
        expect(await at(t0 + 50_000)).toEqual(['second']);
        expect(await at(t0 + 121_000)).toEqual(['second']); // a tie goes to the earlier snapshot
        expect(await at(t0 + 230_000)).toEqual(['latest']);
        expect(await at(t0 - HOUR)).toEqual(['first']);
        const snap = await store.getProcessSnapshot(h.id, t0 + 61_000);
        expect(snap).toMatchObject({ ts: t0 + 61_000, total: 120, running: 2 });
        expect(await store.getProcessSnapshot('no-such-host')).toBeNull();
      });

      it('reports a live-watch mark in the ingest result until it expires', async () => {
        const h = await newHost();
        const now = Date.now();
        await store.markWatched(h.id, now + 60_000);
        expect((await store.ingest(h.id, batch([sample(now - 2_000)]), now)).watchedUntil).toBe(now + 60_000);
        const soon = Date.now() + 300;
        await store.markWatched(h.id, soon);
        await sleep(soon - Date.now() + 200);
        expect((await store.ingest(h.id, batch([sample(now - 1_000)]), Date.now())).watchedUntil).toBeNull();
      });

      it('deletes a host with all its data and share links', async () => {
        const h = await newHost();
        const other = await newHost();
        const now = Date.now();
        await store.ingest(h.id, batch([sample(now - 2 * HOUR), sample(now - 1_000)]), now);
        await store.ingest(other.id, batch([sample(now - 1_000)]), now);
        await store.markWatched(h.id, now + 60_000);
        const share = { id: `s-${h.id}`, hostId: h.id, tokenHash: `share-${h.id}`, label: 'x', createdBy: 'u', createdAt: now, expiresAt: null, includeProcesses: true, maxRangeMs: DAY, lastViewedAt: null, viewCount: 0 };
        await store.createShare(share);
        expect(await store.deleteHost(h.id)).toBe(true);
        expect(await store.deleteHost(h.id)).toBe(false);
        expect(await store.getHost(h.id)).toBeNull();
        expect(await store.findHostByTokenHash(h.tokenHash)).toBeNull();
        expect(await store.findShareByHash(share.tokenHash)).toBeNull();
        expect((await store.getFleet()).some((e) => e.host.id === h.id)).toBe(false);
        // The same id again starts empty: nothing of the old host survives.
        await store.createHost(h);
        expect(await store.getHostState(h.id)).toBeNull();
        expect(await store.getProcessSnapshot(h.id, now)).toBeNull();
        for (const tier of ['raw', '1m', '5m', '1h'] as const) expect(await store.readSeries(h.id, tier, ['cpu.total'], now - DAY, now)).toEqual([]);
        expect(await store.listSeriesNames(h.id)).toEqual([]);
        expect((await store.ingest(h.id, batch([sample(now - 1_000)]), now))).toEqual({ accepted: 1, duplicates: 0, watchedUntil: null });
        expect(await store.getHostState(other.id)).not.toBeNull();
      });
    });

    describe('retention', () => {
      it('stops returning rows once their tier retention has passed', async () => {
        const short = await backend.create({ rawMs: 1_500, minuteMs: 10 * MINUTE, fiveMinuteMs: HOUR, hourMs: DAY });
        try {
          const h = host();
          await short.createHost(h);
          const now = Date.now();
          await short.ingest(h.id, batch([sample(now - 500, { cpu: 5 }), sample(now - 5_000, { cpu: 6 })]), now);
          expect((await short.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, now + 1)).map((r) => r.values['cpu.total'].avg)).toEqual([5]);
          await sleep(1_500);
          expect(await short.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, Date.now())).toEqual([]);
          const minute = await short.readSeries(h.id, '1m', ['cpu.total'], now - HOUR, Date.now());
          expect(minute.flatMap((r) => r.values['cpu.total'].max)).toContain(6);
        } finally {
          await short.close();
        }
      });
    });

    describe('users', () => {
      it('creates, finds by id and email (any case), lists, updates and deletes with their API tokens', async () => {
        const id = `u-${Math.random().toString(36).slice(2)}`;
        const user = { id, email: `${id}@Example.com`, name: 'Ada', role: 'admin' as const, passwordHash: 'scrypt$x', createdAt: 1 };
        await store.createUser(user);
        await expect(store.createUser({ ...user, id: `${id}-2`, email: user.email.toUpperCase() })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.getUser(id)).toEqual(user);
        expect(await store.getUserByEmail(user.email.toLowerCase())).toEqual(user);
        expect((await store.listUsers()).map((u) => u.id)).toContain(id);
        expect(await store.updateUser(id, { role: 'viewer', name: 'Ada L.' })).toEqual({ ...user, role: 'viewer', name: 'Ada L.' });
        expect(await store.updateUser('nobody', { name: 'x' })).toBeNull();
        await store.createApiToken({ id: `${id}-t`, userId: id, name: 'ci', scope: 'read', tokenHash: `${id}-hash`, createdAt: 2, expiresAt: null, lastUsedAt: null });
        expect(await store.deleteUser(id)).toBe(true);
        expect(await store.deleteUser(id)).toBe(false);
        expect(await store.getUser(id)).toBeNull();
        expect(await store.getUserByEmail(user.email)).toBeNull();
        expect(await store.findApiTokenByHash(`${id}-hash`)).toBeNull();
      });
    });

    describe('API tokens', () => {
      it('creates, finds by hash, lists per user, touches and deletes', async () => {
        const u = `u-${Math.random().toString(36).slice(2)}`;
        const t = { id: `${u}-1`, userId: u, name: 'grafana', scope: 'read' as const, tokenHash: `${u}-h1`, createdAt: 10, expiresAt: 99_999, lastUsedAt: null };
        const t2 = { ...t, id: `${u}-2`, tokenHash: `${u}-h2`, scope: 'admin' as const, createdAt: 11, expiresAt: null };
        await store.createApiToken(t);
        await store.createApiToken(t2);
        await expect(store.createApiToken({ ...t, id: `${u}-3` })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.findApiTokenByHash(t.tokenHash)).toEqual(t);
        expect(await store.listApiTokens(u)).toEqual([t, t2]);
        expect((await store.listApiTokens()).map((x) => x.id)).toEqual(expect.arrayContaining([t.id, t2.id]));
        await store.touchApiToken(t.id, 12_345);
        expect((await store.findApiTokenByHash(t.tokenHash))?.lastUsedAt).toBe(12_345);
        expect(await store.deleteApiToken(t.id)).toBe(true);
        expect(await store.deleteApiToken(t.id)).toBe(false);
        expect(await store.findApiTokenByHash(t.tokenHash)).toBeNull();
        expect(await store.listApiTokens(u)).toEqual([t2]);
      });
    });

    describe('share links', () => {
      it('creates, finds by hash, lists per host, records views and deletes', async () => {
        const h = await newHost();
        const s = { id: `${h.id}-s1`, hostId: h.id, tokenHash: `${h.id}-sh1`, label: 'status page', createdBy: 'u1', createdAt: 5, expiresAt: 10_000, includeProcesses: false, maxRangeMs: 7 * DAY, lastViewedAt: null, viewCount: 0 };
        const s2 = { ...s, id: `${h.id}-s2`, tokenHash: `${h.id}-sh2`, createdAt: 6, includeProcesses: true, expiresAt: null };
        await store.createShare(s);
        await store.createShare(s2);
        await expect(store.createShare({ ...s, id: `${h.id}-s3` })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.findShareByHash(s.tokenHash)).toEqual(s);
        expect(await store.listShares(h.id)).toEqual([s, s2]);
        expect((await store.listShares()).map((x) => x.id)).toEqual(expect.arrayContaining([s.id, s2.id]));
        await store.recordShareView(s.id, 100);
        await store.recordShareView(s.id, 200);
        expect(await store.findShareByHash(s.tokenHash)).toEqual({ ...s, lastViewedAt: 200, viewCount: 2 });
        expect(await store.deleteShare(s.id)).toBe(true);
        expect(await store.deleteShare(s.id)).toBe(false);
        expect(await store.listShares(h.id)).toEqual([s2]);
      });
    });

    describe('rate limits', () => {
      it('counts hits per fixed window, starts over in the next window and on reset', async () => {
        const key = `ingest:${Math.random()}`;
        const w = 60_000;
        const start = Math.floor(Date.now() / w) * w;
        const hits = await Promise.all([1, 2, 3].map(() => store.hitRateLimit(key, w, start + 10)));
        expect(hits.map((x) => x.count).sort()).toEqual([1, 2, 3]);
        expect(hits.every((x) => x.resetAt === start + w)).toBe(true);
        expect(await store.hitRateLimit(key, w, start + w - 1)).toEqual({ count: 4, resetAt: start + w });
        expect(await store.hitRateLimit(key, w, start + w)).toEqual({ count: 1, resetAt: start + 2 * w });
        await store.resetRateLimit(key);
        expect(await store.hitRateLimit(key, w, start + w + 5)).toEqual({ count: 1, resetAt: start + 2 * w });
        expect((await store.hitRateLimit(`${key}:other`, w, start + 10)).count).toBe(1);
      });
    });

    describe('meta', () => {
      it('gets, sets, and sets-if-absent atomically', async () => {
        const key = `setup:${Math.random()}`;
        expect(await store.getMeta(key)).toBeNull();
        const wins = await Promise.all(['a', 'b', 'c', 'd'].map((v) => store.setMetaIfAbsent(key, v)));
        expect(wins.filter(Boolean)).toHaveLength(1);
        const winner = ['a', 'b', 'c', 'd'][wins.indexOf(true)];
        expect(await store.getMeta(key)).toBe(winner);
        await store.setMeta(key, 'z');
        expect(await store.getMeta(key)).toBe('z');
        expect(await store.setMetaIfAbsent(key, 'y')).toBe(false);
      });
    });

    if (backend.outage) {
      const outage = backend.outage;
      describe('outage', () => {
        it('throws StoreUnavailableError while the server is down and recovers when it is back', async () => {
          const h = await newHost();
          const now = Date.now();
          await store.ingest(h.id, batch([sample(now - 3_000)]), now);
          await outage.stop();
          try {
            await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
            await expect(store.ingest(h.id, batch([sample(now - 2_000)]), now)).rejects.toBeInstanceOf(StoreUnavailableError);
            await expect(store.getFleet()).rejects.toBeInstanceOf(StoreUnavailableError);
            await expect(store.findHostByTokenHash(h.tokenHash)).rejects.toBeInstanceOf(StoreUnavailableError);
          } finally {
            await outage.start();
          }
          let recovered = false;
          for (let i = 0; i < 50 && !recovered; i++) {
            recovered = await store.ping().then(() => true, () => false);
            if (!recovered) await sleep(200);
          }
          expect(recovered).toBe(true);
          expect(await store.ingest(h.id, batch([sample(now - 1_000)]), now)).toMatchObject({ accepted: 1 });
        });
      });
    }
  });
}

import { UnknownHostError } from '@/lib/store/errors';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '@/lib/metrics/tiers';
import { series } from '@/lib/query/read-api';
import type { BackendUnderTest } from './contract';
import { batch, host, minuteStart, RETENTION, sample, suiteStore } from './sample';

/**
 * SeriesStore: ingest, state, fleet states, series and snapshot reads, and
 * deleting a host's series. Hosts are created through the record port (the
 * SQLite series are keyed by the host row); reads take `now`, so the clock
 * moves by argument instead of by sleeping.
 */
export function seriesContract(name: string, backend: BackendUnderTest): void {
  describe(`series contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));
    const newHost = () => suite.newHost();

    it('stores each (host, ts) once: a resent batch is all duplicates and changes nothing', async () => {
      const h = await newHost();
      const now = Date.now();
      const t0 = minuteStart(now - 10 * MINUTE);
      const b = batch([sample(t0, { cpu: 10 }), sample(t0 + 5_000, { cpu: 30 })]);
      expect(await suite.store.ingest(h.id, b, now)).toEqual({ accepted: 2, duplicates: 0, tooOld: 0, keepsFrom: now - RETENTION.hourMs, watchedUntil: null });
      const before = await suite.store.readSeries(h.id, '1m', ['cpu.total'], t0 - HOUR, now, now);
      expect(await suite.store.ingest(h.id, b, now)).toEqual({ accepted: 0, duplicates: 2, tooOld: 0, keepsFrom: now - RETENTION.hourMs, watchedUntil: null });
      const mixed = batch([sample(t0 + 5_000, { cpu: 99 }), sample(t0 + 10_000, { cpu: 50 }), sample(t0 + 10_000, { cpu: 70 })]);
      expect(await suite.store.ingest(h.id, mixed, now)).toMatchObject({ accepted: 1, duplicates: 2 });

      const raw = await suite.store.readSeries(h.id, 'raw', ['cpu.total'], t0, now, now);
      expect(raw.map((r) => [r.t, r.values['cpu.total'].avg])).toEqual([[t0, 10], [t0 + 5_000, 30], [t0 + 10_000, 50]]);
      expect(before).toEqual([{ t: t0, values: { 'cpu.total': { avg: 20, min: 10, max: 30 } } }]);
      expect(await suite.store.readSeries(h.id, '1m', ['cpu.total'], t0 - HOUR, now, now)).toEqual([{ t: t0, values: { 'cpu.total': { avg: 30, min: 10, max: 50 } } }]);
    });

    it('counts concurrent retries of one batch exactly once', async () => {
      const h = await newHost();
      const now = Date.now();
      const t0 = minuteStart(now - 20 * MINUTE);
      const b = batch([sample(t0, { cpu: 10 }), sample(t0 + 1_000, { cpu: 20 }), sample(t0 + 2_000, { cpu: 30 })]);
      const results = await Promise.all(Array.from({ length: 5 }, () => suite.store.ingest(h.id, b, now)));
      expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(3);
      expect(results.reduce((s, r) => s + r.duplicates, 0)).toBe(12);
      expect(await suite.store.readSeries(h.id, '5m', ['cpu.total'], t0 - HOUR, now, now)).toEqual([
        { t: t0 - (t0 % (5 * MINUTE)), values: { 'cpu.total': { avg: 20, min: 10, max: 30 } } },
      ]);
    });

    it('keeps avg, min and max of every history series in each rollup tier', async () => {
      const h = await newHost();
      const now = Date.now();
      const t0 = minuteStart(now - 30 * MINUTE);
      const fs = (pct: number) => ({ '/': pct, '/var/lib/data': 90 });
      await suite.store.ingest(h.id, batch([
        sample(t0 + 1_000, { cpu: 10, memUsed: 1_000, netRx: 7, load1: 1.25, filesystems: fs(40), temperatures: [40, 55.5] }),
        sample(t0 + 2_000, { cpu: 20.5, memUsed: 3_000, netRx: 8, load1: 0.75, filesystems: fs(41), temperatures: [-5.5] }),
      ]), now);
      await suite.store.ingest(h.id, batch([sample(t0 + 3_000, { cpu: 60, memUsed: 2_000, netRx: 9, load1: 1, filesystems: fs(42), temperatures: [] })]), now);
      const metrics = ['cpu.total', 'mem.used', 'net.rx', 'load.1', 'fs:/', 'fs:/var/lib/data', 'temp.max'];
      for (const tier of ['1m', '5m', '1h'] as const) {
        const rows = await suite.store.readSeries(h.id, tier, metrics, t0 - DAY, now, now);
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
      expect(await suite.store.listSeriesNames(h.id)).toEqual(expect.arrayContaining(['cpu.total', 'swap.used', 'fs:/', 'fs:/var/lib/data', 'temp.max']));
    });

    it('puts late samples only into the tiers that still cover their time, and dedups them too', async () => {
      const h = await newHost();
      const now = Date.now();
      const twoHours = minuteStart(now - 2 * HOUR); // past raw (1 h), inside 1m (1 d)
      const twoDays = minuteStart(now - 2 * DAY); // past 1m, inside 5m (3 d)
      const tenDays = minuteStart(now - 10 * DAY); // only 1h (30 d)
      const late = batch([sample(twoHours, { cpu: 11 }), sample(twoDays, { cpu: 22 }), sample(tenDays, { cpu: 33 })]);
      expect(await suite.store.ingest(h.id, late, now)).toMatchObject({ accepted: 3, duplicates: 0 });
      expect(await suite.store.ingest(h.id, late, now)).toMatchObject({ accepted: 0, duplicates: 3 });
      const cpu = async (tier: 'raw' | '1m' | '5m' | '1h') =>
        (await suite.store.readSeries(h.id, tier, ['cpu.total'], now - 40 * DAY, now, now)).map((r) => r.values['cpu.total'].max);
      expect(await cpu('raw')).toEqual([]);
      expect(await cpu('1m')).toEqual([11]);
      expect(await cpu('5m')).toEqual([22, 11]);
      expect(await cpu('1h')).toEqual([33, 22, 11]);
    });

    it('refuses samples older than every tier: counted apart, never stored or deduplicated, and a batch of nothing else leaves the host unseen', async () => {
      const h = await newHost();
      const now = Date.now();
      const keepsFrom = now - RETENTION.hourMs; // the longest tier (30 d here)
      const junk = (counters = { spooled: 0, dropped: 0 }) => batch([sample(1, { cpu: 99 }), sample(keepsFrom - 1, { cpu: 98 })], { counters });
      const refusedAll = { accepted: 0, duplicates: 0, tooOld: 2, keepsFrom };
      expect(await suite.store.ingest(h.id, junk(), now)).toMatchObject(refusedAll);
      // Not deduplicated either: refused again, never "duplicate".
      expect(await suite.store.ingest(h.id, junk(), now)).toMatchObject(refusedAll);
      // Never seen: no state at all, so the host does not look online.
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect((await suite.store.getFleetStates([h.id])).get(h.id) ?? null).toBeNull();

      const real = batch([sample(now - 5_000, { cpu: 10 })], { counters: { spooled: 1, dropped: 0 } });
      expect(await suite.store.ingest(h.id, real, now)).toMatchObject({ accepted: 1, duplicates: 0, tooOld: 0 });
      // Junk later (with drops) changes nothing of the host: not last seen, not the latest sample, not counters or drops.
      expect(await suite.store.ingest(h.id, junk({ spooled: 9, dropped: 4 }), now + MINUTE)).toMatchObject({ ...refusedAll, keepsFrom: keepsFrom + MINUTE });
      expect(await suite.store.getHostState(h.id)).toMatchObject({ lastSeen: now, counters: { spooled: 1, dropped: 0 }, droppedTotal: 0, clockSkewMs: 5_000, latest: { ts: now - 5_000 } });
      // A resent batch is still a sign of life (its samples are stored): last seen moves.
      expect(await suite.store.ingest(h.id, real, now + 2 * MINUTE)).toMatchObject({ accepted: 0, duplicates: 1, tooOld: 0 });
      expect((await suite.store.getHostState(h.id))!.lastSeen).toBe(now + 2 * MINUTE);
      // A mixed batch keeps its good samples and takes the state from them alone.
      const mixed = batch([sample(now + 3 * MINUTE - 1_000, { cpu: 30 }), sample(1, { cpu: 97 })], { counters: { spooled: 0, dropped: 2 } });
      expect(await suite.store.ingest(h.id, mixed, now + 3 * MINUTE)).toMatchObject({ accepted: 1, duplicates: 0, tooOld: 1 });
      expect(await suite.store.getHostState(h.id)).toMatchObject({ lastSeen: now + 3 * MINUTE, droppedTotal: 2, clockSkewMs: 1_000, latest: { ts: now + 3 * MINUTE - 1_000 } });
      // Nothing of the refused samples in any tier.
      for (const tier of ['raw', '1m', '5m', '1h'] as const) {
        const rows = await suite.store.readSeries(h.id, tier, ['cpu.total'], 0, now + 3 * MINUTE, now + 3 * MINUTE);
        expect(rows.map((r) => r.values['cpu.total'].max).filter((v) => v > 90), tier).toEqual([]);
      }
    });

    it('answers the newest, partial bucket of every tier and the raw tail for a host whose first sample is seconds old', async () => {
      const h = await newHost();
      // Mid-minute, so the current bucket of every tier is partial: what a collector started 10 s ago has.
      const now = minuteStart(Date.now()) + 40_000;
      await suite.store.ingest(h.id, batch([sample(now - 10_000, { cpu: 10 })]), now);
      for (const tier of ['1m', '5m', '1h'] as const) {
        const rows = await suite.store.readSeries(h.id, tier, ['cpu.total'], now - DAY, now, now);
        expect(rows, tier).toHaveLength(1);
        expect(rows[0]!.t, tier).toBeLessThanOrEqual(now - 10_000);
        expect(rows[0]!.values['cpu.total'], tier).toEqual({ avg: 10, min: 10, max: 10 });
      }
      expect(await suite.store.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, now, now)).toEqual([{ t: now - 10_000, values: { 'cpu.total': { avg: 10, min: 10, max: 10 } } }]);
      // The partial bucket grows with each batch and is answered at once, not when its minute closes.
      await suite.store.ingest(h.id, batch([sample(now - 5_000, { cpu: 30 })]), now);
      expect((await suite.store.readSeries(h.id, '1m', ['cpu.total'], now - HOUR, now, now)).map((r) => r.values['cpu.total'])).toEqual([{ avg: 20, min: 10, max: 30 }]);

      // Through the read API: the default hour (1-minute points) and a week (hourly) both hold the newest point, in the last slot.
      for (const [span, tier] of [[HOUR, '1m'], [7 * DAY, '1h'], [30 * DAY, '1h']] as const) {
        const answer = await series(suite.store, h.id, { from: now - span, to: now, points: 600, metrics: ['cpu.total'] }, now, RETENTION);
        expect(answer.tier, `${span}`).toBe(tier);
        const avg = answer.series['cpu.total']!.avg;
        expect(avg.at(-1), `${span}`).toBe(20);
        expect(avg.filter((v) => v !== null), `${span}`).toHaveLength(1);
        expect(answer, `${span}`).not.toHaveProperty('earliest');
      }
      // An empty range says where the history begins: the first sample, to the millisecond while raw still keeps it.
      const before = await series(suite.store, h.id, { from: now - 3 * HOUR, to: now - 2 * HOUR, points: 600, metrics: ['cpu.total'] }, now, RETENTION);
      expect(before.series['cpu.total']!.avg.every((v) => v === null)).toBe(true);
      expect(before.earliest).toBe(now - 10_000);
      // Past raw retention, to the minute of the finest rollup that still keeps it.
      const older = await newHost();
      await suite.store.ingest(older.id, batch([sample(now - 3 * HOUR, { cpu: 5 })]), now);
      const gap = await series(suite.store, older.id, { from: now - 2 * HOUR, to: now - HOUR, points: 600, metrics: ['cpu.total'] }, now, RETENTION);
      expect(gap.earliest).toBe(minuteStart(now - 3 * HOUR));
      // A host that never reported has none.
      const silent = await newHost();
      expect((await series(suite.store, silent.id, { from: now - HOUR, to: now, points: 600, metrics: ['cpu.total'] }, now, RETENTION)).earliest).toBeNull();
    });

    it('reads only the asked metrics of rows inside [from, to], ascending', async () => {
      const h = await newHost();
      const now = Date.now();
      const t0 = minuteStart(now - 40 * MINUTE);
      await suite.store.ingest(h.id, batch([0, 1, 2, 3, 4].map((i) => sample(t0 + i * 5_000, { cpu: i, memUsed: 1_000 + i }))), now);
      const rows = await suite.store.readSeries(h.id, 'raw', ['mem.used', 'no.such.metric'], t0 + 5_000, t0 + 15_000, now);
      expect(rows).toEqual([1, 2, 3].map((i) => ({ t: t0 + i * 5_000, values: { 'mem.used': { avg: 1_000 + i, min: 1_000 + i, max: 1_000 + i } } })));
      expect(await suite.store.readSeries(h.id, 'raw', ['no.such.metric'], t0, now, now)).toEqual([]);
      expect(await suite.store.readSeries('no-such-host', 'raw', ['cpu.total'], t0, now, now)).toEqual([]);
    });

    it('keeps the newest sample, system info, counters, drops and clock skew as the host state', async () => {
      const h = await newHost();
      const now = Date.now();
      const t0 = now - 5 * MINUTE;
      const system = {
        hostname: 'web-1', os: 'Debian', osVersion: '12', kernel: '6.1', arch: 'x64', cpuModel: 'EPYC', cores: 2, threads: 4,
        memoryTotal: 8e9, bootTime: 1_700_000_000_000, virtualization: 'kvm', collectorVersion: '0.1.0',
      };
      expect(await suite.store.getHostState(h.id)).toBeNull();
      await suite.store.ingest(h.id, batch([sample(t0, { processes: ['a'] }), sample(t0 + 5_000, { cpu: 77, processes: ['b', 'c'] })], { system, counters: { spooled: 3, dropped: 2 } }), now);
      await suite.store.ingest(h.id, batch([sample(t0 - 60_000, { cpu: 1 })], { counters: { spooled: 0, dropped: 5 } }), now + 1_000);
      await suite.store.ingest(h.id, batch([sample(t0 - 60_000, { cpu: 1 })], { counters: { spooled: 0, dropped: 5 } }), now + 2_000); // a retry: drops not counted again
      const state = await suite.store.getHostState(h.id);
      expect(state).toMatchObject({ hostId: h.id, lastSeen: now + 2_000, system, counters: { spooled: 0, dropped: 5 }, droppedTotal: 7, clockSkewMs: now + 2_000 - (t0 - 60_000) });
      expect(state!.latest.ts).toBe(t0 + 5_000);
      expect(state!.latest.cpu.total).toBe(77);
      expect(state!.latest.processes.top.map((p) => p.name)).toEqual(['b', 'c']);
      expect(state!.latest.cpu.cores).toEqual([77, 77]);
    });

    it('lists the fleet with each host state (headline only: no process list) in one call, and the same states by id', async () => {
      const a = await newHost();
      const b = await newHost();
      const now = Date.now();
      await suite.store.ingest(a.id, batch([sample(now - 1_000, { cpu: 42, processes: ['x'] })]), now);
      const fleet = await suite.store.getFleet();
      const ea = fleet.find((e) => e.host.id === a.id);
      const eb = fleet.find((e) => e.host.id === b.id);
      expect(ea?.host).toEqual(a);
      expect(ea?.state?.latest.cpu.total).toBe(42);
      expect(ea?.state?.latest.processes.top).toEqual([]);
      expect(ea?.state?.lastSeen).toBe(now);
      expect(eb).toEqual({ host: b, state: null });
      const c = await newHost(); // a host the previous fleet read did not see
      await suite.store.ingest(c.id, batch([sample(now - 1_000, { cpu: 7 })]), now);
      expect((await suite.store.getFleet()).find((e) => e.host.id === c.id)?.state?.latest.cpu.total).toBe(7);
      const states = await suite.store.getFleetStates([a.id, b.id, 'no-such-host']);
      expect(states.get(a.id)).toEqual(ea?.state);
      expect([states.get(b.id), states.get('no-such-host'), states.size]).toEqual([null, null, 3]);
      expect((await suite.store.getFleetStates([])).size).toBe(0);
    });

    it('keeps one process snapshot per minute and answers the one nearest a time', async () => {
      const h = await newHost();
      const now = Date.now();
      const t0 = minuteStart(now - 30 * MINUTE);
      await suite.store.ingest(h.id, batch([
        sample(t0 + 1_000, { processes: ['first'] }),
        sample(t0 + 30_000, { processes: ['same-minute'] }),
        sample(t0 + 61_000, { processes: ['second'] }),
        sample(t0 + 181_000, { processes: ['third'] }),
      ]), now);
      await suite.store.ingest(h.id, batch([sample(t0 + 240_000, { processes: ['latest'] })]), now);
      const at = async (t?: number) => (await suite.store.getProcessSnapshot(h.id, t, now))?.processes.map((p) => p.name);
      expect(await at()).toEqual(['latest']);
      expect(await at(t0 + 20_000)).toEqual(['first']); // the 30 s sample of that minute was not kept
      expect(await at(t0 + 50_000)).toEqual(['second']);
      expect(await at(t0 + 121_000)).toEqual(['second']); // a tie goes to the earlier snapshot
      expect(await at(t0 + 230_000)).toEqual(['latest']);
      expect(await at(t0 - HOUR)).toEqual(['first']);
      const snap = await suite.store.getProcessSnapshot(h.id, t0 + 61_000, now);
      expect(snap).toMatchObject({ ts: t0 + 61_000, total: 120, running: 2 });
      expect(await suite.store.getProcessSnapshot('no-such-host', undefined, now)).toBeNull();
      // Two hours on, every snapshot is past the raw retention (1 h): only the latest, asked for as such, remains.
      expect(await suite.store.getProcessSnapshot(h.id, t0 + 61_000, now + 2 * HOUR)).toBeNull();
      expect((await suite.store.getProcessSnapshot(h.id, undefined, now + 2 * HOUR))?.ts).toBe(t0 + 240_000);
    });

    it('stops returning rows once their tier retention has passed at the `now` read with', async () => {
      const short = await backend.create({ rawMs: 1_500, minuteMs: 10 * MINUTE, fiveMinuteMs: HOUR, hourMs: DAY });
      try {
        const h = host();
        await short.createHost(h);
        const now = Date.now();
        await short.ingest(h.id, batch([sample(now - 500, { cpu: 5 }), sample(now - 5_000, { cpu: 6 })]), now);
        expect((await short.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, now + 1, now)).map((r) => r.values['cpu.total'].avg)).toEqual([5]);
        const later = now + 1_500;
        expect(await short.readSeries(h.id, 'raw', ['cpu.total'], now - HOUR, later, later)).toEqual([]);
        const minute = await short.readSeries(h.id, '1m', ['cpu.total'], now - HOUR, later, later);
        expect(minute.flatMap((r) => r.values['cpu.total'].max)).toContain(6);
        expect(await short.readSeries(h.id, '1m', ['cpu.total'], now - HOUR, later, now + 11 * MINUTE)).toEqual([]);
      } finally {
        await short.close();
      }
    });

    it('deletes every series, state, snapshot and watch mark of a host whose record is gone, and nothing of another host', async () => {
      const h = await newHost();
      const other = await newHost();
      const now = Date.now();
      await suite.store.ingest(h.id, batch([sample(now - 2 * HOUR), sample(now - 1_000)]), now);
      await suite.store.ingest(other.id, batch([sample(now - 1_000)]), now);
      await suite.store.markWatched(h.id, now + 60_000);
      // The domain's order (lib/accounts/hosts.ts): the record first, then the series.
      expect(await suite.store.deleteHost(h.id)).toBe(true);
      await suite.store.deleteHostSeries(h.id, now);
      await suite.store.deleteHostSeries(h.id, now); // again: nothing left, no error
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect((await suite.store.getFleetStates([h.id])).get(h.id)).toBeNull();
      // Nothing of the old host survives, and a batch still on its way for it is refused (host ids are never reused).
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect(await suite.store.getProcessSnapshot(h.id, now, now)).toBeNull();
      expect(await suite.store.getProcessSnapshot(h.id, undefined, now)).toBeNull();
      for (const tier of ['raw', '1m', '5m', '1h'] as const) expect(await suite.store.readSeries(h.id, tier, ['cpu.total'], now - DAY, now, now)).toEqual([]);
      expect(await suite.store.listSeriesNames(h.id)).toEqual([]);
      await expect(suite.store.ingest(h.id, batch([sample(now - 1_000)]), now)).rejects.toBeInstanceOf(UnknownHostError);
      expect(await suite.store.listSeriesNames(h.id)).toEqual([]);
      expect(await suite.store.getHostState(other.id)).not.toBeNull();
      expect(await suite.store.readSeries(other.id, 'raw', ['cpu.total'], now - DAY, now, now)).toHaveLength(1);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_SERIES_LIMITS, FAMILIES, type SeriesLimits } from '@/lib/metrics/registry';
import { DAY, HOUR, MINUTE, type Retention } from '@/lib/metrics/tiers';
import { UnknownHostError } from '@/lib/store/errors';
import { MAX_SCHEMAS_PER_HOST } from '@/lib/store/ingest-plan';
import type { Store } from '@/lib/store/types';
import { MAX_BYTES } from '@/lib/wire/limits';
import { batch, host, sample, suiteStore } from './sample';

/**
 * What a hostile collector must not be able to do to a store, on every
 * backend: values at the edge of the physical ranges stay exact and readable,
 * a damaged stored bucket is skipped instead of failing reads and later
 * ingests, and invented series names are capped per family and per host.
 */
export interface LimitsBackend {
  create(retention: Retention, limits: SeriesLimits): Promise<Store>;
  /** Overwrites every stored rollup bucket of the host with text no reader can parse (fault injection). */
  corruptRollups(store: Store, hostId: string): Promise<number>;
  /**
   * Closes `store` and opens another on the same data (a restart); with `olderRelease`, the host's series
   * catalog as a release before last-seen tracking left it: no seen hours, no stored next ids, no version counter.
   */
  reopen(store: Store, hostId: string, olderRelease?: boolean): Promise<Store>;
  /** The host's stored column ids by series name, read from storage behind the store's back. */
  columnIds(store: Store, hostId: string): Promise<Record<string, number>>;
}

const RETENTION: Retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };
const LIMITS: SeriesLimits = { ...DEFAULT_SERIES_LIMITS, filesystems: 16, containers: 16 };
const TIERS = ['raw', '1m', '5m', '1h'] as const;

export function seriesLimitsContract(name: string, backend: LimitsBackend): void {
  describe(`series limits: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION, LIMITS));
    const newHost = () => suite.newHost();
    const hourStart = (t: number) => t - (t % HOUR);

    it('keeps values at the top of the physical range exact in every tier, even when a bucket sum passes 2^63', async () => {
      const h = await newHost();
      const now = Date.now();
      // 1,100 one-second samples of 2^53 bytes in one hour: the 1h sum (~9.9e18) no longer fits a signed 64-bit integer.
      const start = hourStart(now) - HOUR + 1_000;
      const samples = Array.from({ length: 1_100 }, (_, i) => sample(start + i * 1_000, { memUsed: MAX_BYTES, netRx: MAX_BYTES }));
      for (let i = 0; i < samples.length; i += 500) await suite.store.ingest(h.id, batch(samples.slice(i, i + 500)), now);
      for (const tier of TIERS) {
        const rows = await suite.store.readSeries(h.id, tier, ['mem.used', 'net.rx'], start - HOUR, now, now);
        expect(rows.length, tier).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row.values['mem.used'], tier).toEqual({ avg: MAX_BYTES, min: MAX_BYTES, max: MAX_BYTES });
          expect(row.values['net.rx']!.avg, tier).toBe(MAX_BYTES);
        }
      }
    });

    it('skips a stored bucket it cannot read: reads answer, and the next ingest into it succeeds', async () => {
      const h = await newHost();
      const now = Date.now();
      const t = now - 10 * MINUTE;
      await suite.store.ingest(h.id, batch([sample(t, { cpu: 10 }), sample(t + 5_000, { cpu: 20 })]), now);
      expect(await backend.corruptRollups(suite.store, h.id)).toBeGreaterThan(0);
      for (const tier of ['1m', '5m', '1h'] as const) {
        await expect(suite.store.readSeries(h.id, tier, ['cpu.total', 'mem.used'], now - DAY, now, now)).resolves.toEqual([]);
      }
      const res = await suite.store.ingest(h.id, batch([sample(t + 10_000, { cpu: 30 })]), now);
      expect(res.accepted).toBe(1);
      // What the new sample's bucket holds besides it depends on what the writer still had in hand; it is readable and has it.
      const minute = await suite.store.readSeries(h.id, '1m', ['cpu.total'], now - HOUR, now, now);
      expect(minute.at(-1)?.values['cpu.total']?.max).toBe(30);
    });

    it('caps invented series names per family: 100,000 mount names keep 16 columns and say so in the host state', async () => {
      const h = await newHost();
      const now = Date.now();
      let mount = 0;
      const samples = Array.from({ length: 391 }, (_, i) => {
        const filesystems = Object.fromEntries(Array.from({ length: 256 }, () => [`/attack/${mount++}`, 50]));
        return sample(now - 400_000 + i * 1_000, { filesystems });
      });
      expect(mount).toBeGreaterThanOrEqual(100_000);
      for (let i = 0; i < samples.length; i += 50) {
        const res = await suite.store.ingest(h.id, batch(samples.slice(i, i + 50)), now);
        expect(res.accepted).toBe(Math.min(50, samples.length - i));
      }
      const names = await suite.store.listSeriesNames(h.id);
      expect(names.filter((n) => n.startsWith('fs:'))).toHaveLength(16);
      // Each filesystem metric (fs, fs.inodes) keeps 16; the rest are the scalars and the sample's other entities.
      expect(names.filter((n) => n.startsWith('fs.inodes:'))).toHaveLength(16);
      expect(names.length).toBeLessThan(16 * Object.keys(FAMILIES.filesystems.metrics).length + 40);
      const state = await suite.store.getHostState(h.id);
      expect(state?.capped?.series).toContain('filesystems');
      expect(state?.capped?.at).toBe(now);
      // The batch itself was stored: scalars and the capped-in mounts are in history.
      const raw = await suite.store.readSeries(h.id, 'raw', ['cpu.total', 'fs:/attack/0'], now - HOUR, now, now);
      expect(raw).toHaveLength(391);
      expect(raw[0]!.values['fs:/attack/0']).toEqual({ avg: 50, min: 50, max: 50 });
    });

    it('bounds a CI host starting thousands of short-lived containers: the cap holds, and idle ones give their slots up after retention', async () => {
      const h = await newHost();
      const t0 = hourStart(Date.now()) - 3 * DAY;
      const running = (prefix: string, from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${from + i}`, {}]));
      // 2,000 containers over the first hours, 200 per sample, none seen twice.
      for (let i = 0; i < 10; i++) {
        const at = t0 + i * 10 * MINUTE;
        await suite.store.ingest(h.id, batch([sample(at, { containers: running('job', i * 200, 200) })]), at + 1_000);
      }
      const live = async () => (await suite.store.listSeriesNames(h.id)).filter((n) => n.startsWith('ctr.cpu:'));
      expect(await live()).toHaveLength(16);
      const capped = await suite.store.getHostState(h.id);
      expect(capped?.capped?.series).toContain('containers');
      // Every container metric keeps the same 16.
      expect((await suite.store.listSeriesNames(h.id)).filter((n) => n.startsWith('ctr.mem:'))).toHaveLength(16);
      // A day later the jobs are long gone: 16 new containers take the slots, and the history of one stays its own.
      const later = t0 + 28 * HOUR;
      await suite.store.ingest(h.id, batch([sample(later - 1_000, { containers: running('web', 0, 16) })]), later);
      const names = await live();
      expect(names.sort()).toEqual(Object.keys(running('web', 0, 16)).map((n) => `ctr.cpu:${n}`).sort());
      const rows = await suite.store.readSeries(h.id, 'raw', ['ctr.cpu:web-0'], t0, later, later);
      expect(rows.map((r) => r.values['ctr.cpu:web-0']!.avg)).toEqual([5]);
    });

    it("keeps a container's state in the latest sample and its history after it stops, writing no series for it while stopped", async () => {
      const h = await newHost();
      const now = Date.now();
      const t = now - 10 * MINUTE;
      await suite.store.ingest(h.id, batch([sample(t, { containers: { db: { cpuPct: 40, health: 'healthy' }, web: {} } })]), now);
      await suite.store.ingest(h.id, batch([sample(t + 5_000, { containers: { db: { state: 'exited', cpuPct: 0, memUsed: 0, restarts: 2 }, web: { health: 'unhealthy' } } })]), now);
      const state = await suite.store.getHostState(h.id);
      expect(state?.latest.containers?.map((c) => [c.name, c.state, c.health, c.restarts])).toEqual([
        ['db', 'exited', 'none', 2],
        ['web', 'running', 'unhealthy', 0],
      ]);
      const rows = await suite.store.readSeries(h.id, 'raw', ['ctr.cpu:db', 'ctr.cpu:web'], t - MINUTE, now, now);
      expect(rows.map((r) => [r.values['ctr.cpu:db']?.avg ?? null, r.values['ctr.cpu:web']?.avg ?? null])).toEqual([
        [40, 5],
        [null, 5],
      ]);
      expect((await suite.store.readSeries(h.id, '1m', ['ctr.cpu:db'], t - HOUR, now, now)).at(-1)?.values['ctr.cpu:db']?.avg).toBe(40);
    });

    it('refuses an ingest that arrives after its host was deleted, and brings none of its data back', async () => {
      const h = await newHost();
      const now = Date.now();
      await suite.store.ingest(h.id, batch([sample(now - 2_000)]), now);
      // The domain's cascade (lib/accounts/hosts.ts): record first, then the series; the batch below was already past the token lookup.
      await suite.store.deleteHost(h.id);
      await suite.store.deleteHostSeries(h.id, now);
      await expect(suite.store.ingest(h.id, batch([sample(now - 1_000)]), now)).rejects.toBeInstanceOf(UnknownHostError);
      expect(await suite.store.getHostState(h.id)).toBeNull();
      expect(await suite.store.listSeriesNames(h.id)).toEqual([]);
    });

    it('caps the combinations of series per host: past the schema limit a sample keeps its scalars in raw history', async () => {
      const h = await newHost();
      const now = Date.now();
      const mounts = Array.from({ length: 16 }, (_, i) => `/m${i}`);
      // Every sample a different subset of 16 mounts: up to 65,536 combinations.
      const total = MAX_SCHEMAS_PER_HOST + 40;
      const samples = Array.from({ length: total }, (_, i) =>
        sample(now - 2 * HOUR + i * 1_000, { filesystems: Object.fromEntries(mounts.filter((_, b) => ((i + 1) >> b) & 1).map((m) => [m, 10])) }),
      );
      for (let i = 0; i < samples.length; i += 500) await suite.store.ingest(h.id, batch(samples.slice(i, i + 500)), now);
      expect((await suite.store.getHostState(h.id))?.capped?.series).toContain('schemas');
      const raw = await suite.store.readSeries(h.id, 'raw', ['cpu.total', 'fs:/m0'], now - 3 * HOUR, now, now);
      expect(raw).toHaveLength(total);
      expect(raw.every((r) => r.values['cpu.total']!.avg === 12.5)).toBe(true);
      // Rollups still get every capped-in column: the minute of the last samples knows /m0.
      const minute = await suite.store.readSeries(h.id, '1m', ['fs:/m0'], now - 3 * HOUR, now, now);
      expect(minute.at(-1)?.values['fs:/m0']?.avg).toBe(10);
    });

    it('at a cap, gives the slot of an entity unseen for longer than raw retention to a new one, whose history is its own', async () => {
      const h = await newHost();
      const t0 = hourStart(Date.now()) - 3 * DAY;
      const all = { ...mounts('/v', 16, 20), '/v0': 77 };
      await suite.store.ingest(h.id, batch([sample(t0 - 1_000, { filesystems: all })]), t0);
      const rest = without(all, '/v0');
      await suite.store.ingest(h.id, batch([sample(t0 + 2 * HOUR, { filesystems: rest })]), t0 + 2 * HOUR + 1_000);
      const later = t0 + 26 * HOUR;
      await suite.store.ingest(h.id, batch([sample(later - 1_000, { filesystems: { ...rest, '/new': 33 } })]), later);
      const names = (await suite.store.listSeriesNames(h.id)).filter((n) => n.startsWith('fs:'));
      expect(names).toHaveLength(16);
      expect(names).toContain('fs:/new');
      expect(names).not.toContain('fs:/v0');
      expect((await suite.store.getHostState(h.id))?.capped).toBeNull();
      for (const tier of TIERS) {
        // The old entity's rollups are still stored, under its old id: no name reads them, and the new entity never gets them.
        expect(await suite.store.readSeries(h.id, tier, ['fs:/v0'], t0 - HOUR, later, later), tier).toEqual([]);
        const rows = await suite.store.readSeries(h.id, tier, ['fs:/new', 'fs:/v1'], t0 - HOUR, later, later);
        expect(rows.filter((r) => r.values['fs:/new']).map((r) => r.values['fs:/new']!.avg), tier).toEqual([33]);
      }
    });

    it('never evicts an entity seen within raw retention: the new one is capped, and the host state says so', async () => {
      const h = await newHost();
      const t0 = hourStart(Date.now()) - 3 * DAY;
      await suite.store.ingest(h.id, batch([sample(t0 - 1_000, { filesystems: mounts('/v', 16, 20) })]), t0);
      const later = t0 + 23 * HOUR;
      await suite.store.ingest(h.id, batch([sample(later - 1_000, { filesystems: { '/other': 40 } })]), later);
      const names = (await suite.store.listSeriesNames(h.id)).filter((n) => n.startsWith('fs:'));
      expect(names.sort()).toEqual(Object.keys(mounts('/v', 16, 20)).map((m) => `fs:${m}`).sort());
      expect(await suite.store.getHostState(h.id)).toMatchObject({ capped: { series: ['filesystems'], at: later } });
      expect(await suite.store.readSeries(h.id, 'raw', ['fs:/other'], t0, later, later)).toEqual([]);
      expect((await suite.store.readSeries(h.id, '1h', ['fs:/v3'], t0 - HOUR, later, later)).map((r) => r.values['fs:/v3']!.avg)).toEqual([20]);
    });

    it('recovers from the schema cap: a new combination keeps its series once old schemas are unseen for longer than raw retention', async () => {
      const h = await newHost();
      const t0 = hourStart(Date.now()) - 3 * DAY;
      const names = Array.from({ length: 16 }, (_, i) => `/m${i}`);
      const total = MAX_SCHEMAS_PER_HOST + 40;
      const samples = Array.from({ length: total }, (_, i) =>
        sample(t0 - 2 * HOUR + i * 1_000, { filesystems: Object.fromEntries(names.filter((_, b) => ((i + 1) >> b) & 1).map((m) => [m, 10])) }),
      );
      for (let i = 0; i < samples.length; i += 500) await suite.store.ingest(h.id, batch(samples.slice(i, i + 500)), t0);
      const every = Object.fromEntries(names.map((m) => [m, 15]));
      const soon = t0 + 2 * HOUR;
      await suite.store.ingest(h.id, batch([sample(soon - 1_000, { filesystems: every })]), soon);
      expect((await suite.store.getHostState(h.id))?.capped).toEqual({ series: ['schemas'], at: soon });
      expect(await suite.store.readSeries(h.id, 'raw', ['fs:/m15'], soon - HOUR, soon, soon)).toEqual([]);
      const later = t0 + 26 * HOUR;
      await suite.store.ingest(h.id, batch([sample(later - 1_000, { filesystems: every })]), later);
      expect((await suite.store.getHostState(h.id))?.capped?.at).toBe(soon);
      const raw = await suite.store.readSeries(h.id, 'raw', ['fs:/m0', 'fs:/m15'], later - HOUR, later, later);
      expect(raw.map((r) => [r.values['fs:/m0']?.avg, r.values['fs:/m15']?.avg])).toEqual([[15, 15]]);
    });

    it('reads a catalog an older release stored (no seen hours, next ids or version), stamps it, and lets its entities age out', async () => {
      const t0 = hourStart(Date.now()) - 3 * DAY;
      let store = await backend.create(RETENTION, LIMITS);
      try {
        const h = host();
        await store.createHost(h);
        await store.ingest(h.id, batch([sample(t0 - 1_000, { filesystems: { ...mounts('/v', 16, 20), '/v0': 77 } })]), t0);
        store = await backend.reopen(store, h.id, true);
        const rest = without(mounts('/v', 16, 21), '/v0');
        // The first batch after the upgrade stamps every entry with its hour, /v0 included; /v1… are seen again later.
        await store.ingest(h.id, batch([sample(t0 + HOUR, { filesystems: rest })]), t0 + HOUR + 1_000);
        await store.ingest(h.id, batch([sample(t0 + 3 * HOUR, { filesystems: rest })]), t0 + 3 * HOUR + 1_000);
        const later = t0 + 28 * HOUR;
        await store.ingest(h.id, batch([sample(later - 1_000, { filesystems: { ...rest, '/new': 33 } })]), later);
        const names = (await store.listSeriesNames(h.id)).filter((n) => n.startsWith('fs:'));
        expect(names).toContain('fs:/new');
        expect(names).not.toContain('fs:/v0');
        for (const tier of TIERS) {
          const rows = await store.readSeries(h.id, tier, ['fs:/new', 'fs:/v0', 'cpu.total'], t0 - HOUR, later, later);
          expect(rows.filter((r) => r.values['fs:/new']).map((r) => r.values['fs:/new']!.avg), tier).toEqual([33]);
          expect(rows.some((r) => r.values['fs:/v0']), tier).toBe(false);
        }
      } finally {
        await store.close();
      }
    });
    it('never gives a column id twice, even after a restart once the newest columns left the catalog', async () => {
      const t0 = hourStart(Date.now()) - 370 * DAY;
      let store = await backend.create(RETENTION, LIMITS);
      try {
        const h = host();
        await store.createHost(h);
        await store.ingest(h.id, batch([sample(t0 - 1_000, { temperatures: [51.5] })]), t0);
        const before = await backend.columnIds(store, h.id);
        const newest = Math.max(...Object.values(before));
        expect(before['temp:t0']).toBe(newest);
        // A year without sensors: their columns (the newest two) leave, since none of their data is left.
        const year = t0 + 367 * DAY;
        await store.ingest(h.id, batch([sample(year - 1_000, { temperatures: [] })]), year);
        expect(await store.listSeriesNames(h.id)).not.toContain('temp:t0');
        store = await backend.reopen(store, h.id);
        await store.ingest(h.id, batch([sample(year + HOUR, { temperatures: [60] })]), year + HOUR + 1_000);
        const after = await backend.columnIds(store, h.id);
        expect(after['temp:t0']).toBeGreaterThan(newest);
        expect(after['temp.max']).toBeGreaterThan(newest);
        expect((await store.readSeries(h.id, 'raw', ['temp:t0'], year, year + HOUR + 1_000, year + HOUR + 1_000)).map((r) => r.values['temp:t0']!.avg)).toEqual([60]);
      } finally {
        await store.close();
      }
    });
  });
}

function mounts(prefix: string, n: number, value: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, value]));
}

function without(o: Record<string, number>, key: string): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@/lib/metrics/registry';
import { DAY, HOUR, MINUTE, type Retention } from '@/lib/metrics/tiers';
import { UnknownHostError } from '@/lib/store/errors';
import { MAX_SCHEMAS_PER_HOST } from '@/lib/store/ingest-plan';
import type { Store } from '@/lib/store/types';
import { MAX_BYTES } from '@/lib/wire/limits';
import { batch, sample, suiteStore } from './sample';

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
}

const RETENTION: Retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };
const LIMITS: SeriesLimits = { ...DEFAULT_SERIES_LIMITS, filesystems: 16 };
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
      expect(names.length).toBeLessThan(16 + 40);
      const state = await suite.store.getHostState(h.id);
      expect(state?.capped?.series).toContain('filesystems');
      expect(state?.capped?.at).toBe(now);
      // The batch itself was stored: scalars and the capped-in mounts are in history.
      const raw = await suite.store.readSeries(h.id, 'raw', ['cpu.total', 'fs:/attack/0'], now - HOUR, now, now);
      expect(raw).toHaveLength(391);
      expect(raw[0]!.values['fs:/attack/0']).toEqual({ avg: 50, min: 50, max: 50 });
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
  });
}

import { expect, it, describe } from 'vitest';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@/lib/metrics/registry';
import { HOUR, MINUTE, type Retention } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { makeDevices } from '../../support/samples';
import { batch, RETENTION, sample, suiteStore } from './sample';

/**
 * GPUs, drives, fans and batteries (issue #14) on every backend: their series
 * are history like any family's, a reading a device lacks is no series, the
 * device states (drive verdict, battery status) come back in the latest
 * sample, and a collector inventing fans meets the family's cap.
 */
const LIMITS: SeriesLimits = { ...DEFAULT_SERIES_LIMITS, fans: 4 };

export function devicesContract(name: string, create: (retention: Retention, limits: SeriesLimits) => Promise<Store>): void {
  describe(`devices: ${name}`, () => {
    const suite = suiteStore(() => create(RETENTION, LIMITS));

    it('keeps device series, leaves out missing readings, and returns device states in the latest sample', async () => {
      const h = await suite.newHost();
      const now = Date.now();
      const t = now - 10 * MINUTE;
      const devices = (util: number, health: 'passed' | 'failed') => {
        const d = makeDevices({ gpu: { utilPct: util }, drive: { health } });
        // A second GPU without a power reading (an AMD card whose hwmon lacks it).
        return { ...d, gpus: [...d.gpus!, { id: 'card0', vendor: 'amd' as const, name: 'AMD GPU', utilPct: 10 }] };
      };
      await suite.store.ingest(h.id, batch([{ ...sample(t), ...devices(80, 'passed') }, { ...sample(t + 5_000), ...devices(90, 'failed') }]), now);
      const names = await suite.store.listSeriesNames(h.id);
      expect(names).toEqual(expect.arrayContaining(['gpu.util:nvidia0', 'gpu.power:nvidia0', 'gpu.util:card0', 'drive.temp:sda', 'fan.rpm:nct6775/fan1', 'bat.charge:BAT0']));
      expect(names).not.toContain('gpu.power:card0');
      const rows = await suite.store.readSeries(h.id, 'raw', ['gpu.util:nvidia0', 'bat.charge:BAT0'], t - MINUTE, now, now);
      expect(rows.map((r) => r.values['gpu.util:nvidia0']!.avg)).toEqual([80, 90]);
      expect(rows[0]!.values['bat.charge:BAT0']!.avg).toBe(64);
      const state = await suite.store.getHostState(h.id);
      expect(state?.latest.drives?.[0]).toMatchObject({ device: 'sda', health: 'failed', powerOnHours: 33987 });
      expect(state?.latest.batteries?.[0]).toMatchObject({ name: 'BAT0', status: 'discharging', secondsLeft: 14400 });
      expect(state?.latest.gpus?.map((g) => g.id)).toEqual(['nvidia0', 'card0']);
    });

    it('caps the fans a host can invent', async () => {
      const h = await suite.newHost();
      const now = Date.now();
      const fans = Array.from({ length: 40 }, (_, i) => ({ label: `chip/fan${i}`, rpm: 1000 + i }));
      await suite.store.ingest(h.id, batch([{ ...sample(now - HOUR / 2), fans }]), now);
      const names = await suite.store.listSeriesNames(h.id);
      expect(names.filter((n) => n.startsWith('fan.rpm:'))).toHaveLength(4);
      expect((await suite.store.getHostState(h.id))?.capped?.series).toContain('fans');
    });
  });
}

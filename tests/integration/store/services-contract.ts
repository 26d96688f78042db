import { describe, expect, it } from 'vitest';
import { DEFAULT_SERIES_LIMITS, type SeriesLimits } from '@/lib/metrics/registry';
import { DAY, HOUR, MINUTE, type Retention } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import type { Service } from '@/lib/wire/contract';
import { batch, sample, suiteStore } from './sample';

/**
 * systemd services on every backend: running services get `svc.*` series by
 * name within the family's per-host cap, every service's state stays in the
 * latest sample only, and a failed service keeps its history.
 */
const RETENTION: Retention = { rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY };
const LIMITS: SeriesLimits = { ...DEFAULT_SERIES_LIMITS, services: 8 };

const svc = (name: string, over: Partial<Service> = {}): Service => ({ name, state: 'active', subState: 'running', restarts: 0, cpuPct: 5, memUsed: 32_000_000, ...over });
const withServices = (ts: number, services: Service[]) => ({ ...sample(ts), services });

export function servicesContract(name: string, create: (retention: Retention, limits: SeriesLimits) => Promise<Store>): void {
  describe(`services: ${name}`, () => {
    const suite = suiteStore(() => create(RETENTION, LIMITS));

    it("keeps a service's state in the latest sample and its history after it fails, writing no series while it is down", async () => {
      const h = await suite.newHost();
      const now = Date.now();
      const t = now - 10 * MINUTE;
      await suite.store.ingest(h.id, batch([withServices(t, [svc('nginx', { cpuPct: 40 }), svc('cron', { state: 'inactive', subState: 'dead', cpuPct: 0, memUsed: 0 })])]), now);
      await suite.store.ingest(h.id, batch([withServices(t + 5_000, [svc('nginx', { state: 'failed', subState: 'failed', restarts: 3, cpuPct: 0, memUsed: 0 }), svc('cron')])]), now);
      const state = await suite.store.getHostState(h.id);
      expect(state?.latest.services?.map((v) => [v.name, v.state, v.subState, v.restarts])).toEqual([
        ['nginx', 'failed', 'failed', 3],
        ['cron', 'active', 'running', 0],
      ]);
      const names = await suite.store.listSeriesNames(h.id);
      expect(names.filter((n) => n.startsWith('svc.')).sort()).toEqual(['svc.cpu:cron', 'svc.cpu:nginx', 'svc.mem:cron', 'svc.mem:nginx']);
      const rows = await suite.store.readSeries(h.id, 'raw', ['svc.cpu:nginx', 'svc.cpu:cron'], t - MINUTE, now, now);
      expect(rows.map((r) => [r.values['svc.cpu:nginx']?.avg ?? null, r.values['svc.cpu:cron']?.avg ?? null])).toEqual([
        [40, null],
        [null, 5],
      ]);
      expect((await suite.store.readSeries(h.id, '1m', ['svc.cpu:nginx'], t - HOUR, now, now)).at(-1)?.values['svc.cpu:nginx']?.avg).toBe(40);
    });

    it('caps the services that keep history per host (HOSTWATCH_MAX_SERVICES) and says the host is capped', async () => {
      const h = await suite.newHost();
      const now = Date.now();
      const many = Array.from({ length: 20 }, (_, i) => svc(`worker@${i}`));
      await suite.store.ingest(h.id, batch([withServices(now - MINUTE, many)]), now);
      const live = (await suite.store.listSeriesNames(h.id)).filter((n) => n.startsWith('svc.cpu:'));
      expect(live).toHaveLength(8);
      expect((await suite.store.getHostState(h.id))?.capped?.series).toContain('services');
      // The latest sample still lists every service: the cap bounds history, not the table.
      expect((await suite.store.getHostState(h.id))?.latest.services).toHaveLength(20);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '@/lib/store/errors';
import type { HostRecord, Store } from '@/lib/store/types';
import type { Retention } from '@/lib/metrics/tiers';
import type { StoreOptions } from '@/lib/store';
import { alertsContract } from './alerts-contract';
import type { AlertDamage } from './corrupt';
import { cascadesContract } from './cascades-contract';
import { countersContract } from './counters-contract';
import { hostIngestContract } from './host-ingest-contract';
import { racesContract } from './races-contract';
import { recordsContract } from './records-contract';
import { batch, host, RETENTION, sample, sleep } from './sample';
import { seriesContract } from './series-contract';
import { twoFactorContract } from './two-factor-contract';

/**
 * The behaviour every backend must show, one suite per store port plus the
 * domain cascades and update races over the composed store. Each backend's
 * test file calls storeContract with a factory for a fresh, empty store on
 * the real backend.
 */
export interface BackendUnderTest {
  /** A fresh, empty store; `opts.alertLimits` shrinks the alert store's caps. */
  create(retention: Retention, opts?: Pick<StoreOptions, 'alertLimits'>): Promise<Store>;
  /** Stop and restart the real server behind the store (network backends). */
  outage?: { stop(): Promise<void>; start(): Promise<void> };
  /** Overwrite one stored alert record with text that is not JSON, as a broken writer could (fault injection). */
  damageAlert?(store: Store, target: AlertDamage): Promise<void>;
  /**
   * A store as a release from before unique host names left it: these host records written the old way
   * (no name index), names possibly repeated; then opened by this release.
   */
  olderHosts?(retention: Retention, hosts: HostRecord[]): Promise<Store>;
}

export function storeContract(name: string, backend: BackendUnderTest): void {
  recordsContract(name, backend);
  twoFactorContract(name, backend);
  seriesContract(name, backend);
  countersContract(name, backend);
  hostIngestContract(name, backend);
  cascadesContract(name, backend);
  racesContract(name, backend);
  alertsContract(name, backend);
  if (backend.outage) outageContract(name, backend, backend.outage);
}

function outageContract(name: string, backend: BackendUnderTest, outage: NonNullable<BackendUnderTest['outage']>): void {
  describe(`store outage: ${name}`, () => {
    it('throws StoreUnavailableError while the server is down and recovers when it is back', async () => {
      const store = await backend.create(RETENTION);
      try {
        const h = host();
        await store.createHost(h);
        const now = Date.now();
        await store.ingest(h.id, batch([sample(now - 3_000)]), now);
        await outage.stop();
        try {
          await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.ingest(h.id, batch([sample(now - 2_000)]), now)).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.getFleet()).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.findHostByTokenHash(h.tokenHash)).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.hitRateLimit('outage', 60_000, now)).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.alerts.getHostStates(h.id)).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.alerts.commit({ states: [], events: [], deliveries: [], now })).rejects.toBeInstanceOf(StoreUnavailableError);
          await expect(store.alerts.claimDeliveries(now, 30_000, 10)).rejects.toBeInstanceOf(StoreUnavailableError);
        } finally {
          await outage.start();
        }
        // Waiting for a restarted server process to accept connections again: polled, not timed.
        let recovered = false;
        for (let i = 0; i < 50 && !recovered; i++) {
          recovered = await store.ping().then(() => true, () => false);
          if (!recovered) await sleep(200);
        }
        expect(recovered).toBe(true);
        expect(await store.ingest(h.id, batch([sample(now - 1_000)]), now)).toMatchObject({ accepted: 1 });
        expect(await store.alerts.acquireLease('tick', 'me', 30_000, now)).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}

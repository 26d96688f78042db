import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestHost, openSqliteStoreAt, type TestHost } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeSample } from '../../support/samples';
import { startLoad, waitFor } from './load';

async function storedTimestamps(store: Store, hostId: string): Promise<number[]> {
  const rows = await store.readSeries(hostId, 'raw', ['cpu.total'], 0, Date.now() + 3_600_000, Date.now());
  return rows.map((r) => r.t);
}

describe('kill -9 during sustained ingest on SQLite', () => {
  let server: NextServer;
  let store: Store;
  let hosts: TestHost[];

  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', HOSTWATCH_INGEST_RATE_PER_MIN: '1000000' });
    store = await openSqliteStoreAt(server.dataDir);
    hosts = [];
    for (let i = 0; i < 16; i++) hosts.push(await createTestHost(store));
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('keeps every acknowledged sample exactly once across the crash, and resending stores nothing twice', async () => {
    const load = startLoad(server.url, hosts, { concurrency: 8 });
    await waitFor(() => load.ackedBatches() >= 300, '300 acknowledged batches');
    await server.kill('SIGKILL');
    await load.stop();
    const { acked, unacked } = load.outcome;
    expect(load.ackedBatches()).toBeGreaterThanOrEqual(300);

    await server.restart();
    for (const h of hosts) {
      const stored = await storedTimestamps(store, h.host.id);
      expect(new Set(stored).size, 'no sample stored twice').toBe(stored.length);
      const have = new Set(stored);
      const missing = (acked.get(h.host.id) ?? []).filter((ts) => !have.has(ts));
      expect(missing, `acknowledged samples of ${h.host.id} lost`).toEqual([]);
    }

    // The collector would resend what got no answer: each lands once, whether or not it was stored before the kill.
    for (const batch of unacked) {
      const res = await postIngest(server.url, { v: 1, samples: batch.ts.map((t) => makeSample(t)), counters: { spooled: 0, dropped: 0 } }, { token: batch.token });
      expect(res.status).toBe(200);
      expect(res.json.accepted + res.json.duplicates).toBe(2);
    }
    for (const h of hosts) {
      const stored = await storedTimestamps(store, h.host.id);
      expect(new Set(stored).size).toBe(stored.length);
      const expected = new Set([...(acked.get(h.host.id) ?? []), ...unacked.filter((u) => u.hostId === h.host.id).flatMap((u) => u.ts)]);
      expect(stored.length).toBe(expected.size);
    }
  });
});

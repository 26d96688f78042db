import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { startRedisCluster, type RedisCluster } from '../../support/redis-cluster';
import { createTestHost } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch } from '../../support/samples';

/** `next start` configured for a Redis Cluster (HOSTWATCH_REDIS_CLUSTER=true, REDIS_URL listing the nodes): collectors' batches land. */
let cluster: RedisCluster;
let server: NextServer;
beforeAll(async () => {
  cluster = await startRedisCluster();
  server = await startNextServer({ HOSTWATCH_STORE: 'redis', REDIS_URL: cluster.urls.join(','), HOSTWATCH_REDIS_CLUSTER: 'true', HOSTWATCH_ALERT_SCHEDULER: 'off' });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
});

describe('next start on a Redis Cluster', () => {
  it('accepts batches of hosts spread over the nodes, refuses a rotated token, and the fleet shows every host', async () => {
    const store = createStore({ kind: 'redis', url: cluster.urls.join(','), cluster: true }, DEFAULT_RETENTION);
    try {
      const hosts = await Promise.all(Array.from({ length: 6 }, () => createTestHost(store)));
      const now = Date.now();
      for (const h of hosts) {
        const res = await postIngest(server.url, makeBatch(now - 1_000), { token: h.token });
        expect(res.status).toBe(200);
        expect(res.json.accepted).toBe(1);
      }
      const fleet = await store.getFleet();
      expect(fleet.filter((e) => hosts.some((h) => h.host.id === e.host.id) && e.state?.latest.ts === now - 1_000)).toHaveLength(6);
      await store.updateHost(hosts[0]!.host.id, { tokenHash: '0'.repeat(64) });
      expect((await postIngest(server.url, makeBatch(now - 500), { token: hosts[0]!.token })).status).toBe(401);
    } finally {
      await store.close();
    }
  });
});

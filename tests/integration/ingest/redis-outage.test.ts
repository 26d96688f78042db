import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, createTestHost, openRedisStoreAt, type TestHost } from '../../support/hosts';
import { getJson, postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { makeBatch } from '../../support/samples';
import { startLoad, waitFor } from './load';

describe('Redis stopped during ingest', () => {
  let redis: RedisServer;
  let server: NextServer;
  let hosts: TestHost[];
  let reader: string;

  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: true });
    server = await startNextServer({ HOSTWATCH_STORE: 'redis', REDIS_URL: redis.url, HOSTWATCH_INGEST_RATE_PER_MIN: '1000000' });
    const setup = await openRedisStoreAt(redis.url);
    hosts = [];
    for (let i = 0; i < 8; i++) hosts.push(await createTestHost(setup));
    reader = (await createTestApiToken(setup)).token;
    await setup.close();
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
  });

  it('answers 503 with Retry-After while Redis is down, resumes after, and loses no acknowledged sample', async () => {
    const load = startLoad(server.url, hosts, { concurrency: 4 });
    await waitFor(() => load.ackedBatches() >= 100, '100 acknowledged batches');
    await redis.kill('SIGKILL');
    const ackedAtKill = load.ackedBatches();
    await waitFor(() => (load.outcome.statuses.get(503) ?? 0) >= 20, '20 answers of 503');
    // Reads fail the same way: 503 with Retry-After, not 500.
    for (const path of ['/api/v1/hosts', `/api/v1/hosts/${hosts[0]!.host.id}/series?range=1h`]) {
      const read = await getJson(server.url, path, reader);
      expect(read.status, path).toBe(503);
      expect(read.json.error.code).toBe('store_unavailable');
      expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await redis.restart();
    await waitFor(() => load.ackedBatches() >= ackedAtKill + 100, 'ingest to resume');
    await load.stop();

    const { statuses, retryAfter, acked } = load.outcome;
    expect(statuses.get(503)).toBeGreaterThanOrEqual(20);
    expect(retryAfter.length).toBeGreaterThanOrEqual(20);
    expect(retryAfter.every((v) => /^\d+$/.test(v) && Number(v) > 0)).toBe(true);
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]); // no 500, no dropped connection
    expect(server.process.exitCode).toBeNull();

    const store: Store = await openRedisStoreAt(redis.url);
    try {
      for (const h of hosts) {
        const rows = await store.readSeries(h.host.id, 'raw', ['cpu.total'], 0, Date.now() + 3_600_000, Date.now());
        const stored = rows.map((r) => r.t);
        expect(new Set(stored).size).toBe(stored.length);
        const have = new Set(stored);
        expect((acked.get(h.host.id) ?? []).filter((ts) => !have.has(ts))).toEqual([]);
      }
    } finally {
      await store.close();
    }
    const res = await postIngest(server.url, makeBatch(Date.now()), { token: hosts[0]!.token });
    expect(res.status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestHost, openSqliteStoreAt, type TestHost } from '../../support/hosts';
import { postIngest, rssBytes } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch } from '../../support/samples';
import { fuzzCase, rng } from './fuzz-bodies';

const BODIES = 10_000;
const CONCURRENCY = 8;

describe('ingest fuzz: malformed bodies', () => {
  let server: NextServer;
  let store: Store;
  let host: TestHost;

  beforeAll(async () => {
    // The per-host limit would turn most of these into 429s before validation; lift it for this suite.
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', HOSTWATCH_INGEST_RATE_PER_MIN: '1000000' });
    store = await openSqliteStoreAt(server.dataDir);
    host = await createTestHost(store);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it(`refuses ${BODIES} generated malformed bodies with 4xx only, stores nothing, keeps memory bounded`, { timeout: 600_000 }, async () => {
    const r = rng(20260131);
    const now = Date.now();
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    let done = 0;
    const send = async () => {
      const c = fuzzCase(r, now);
      const res = await postIngest(server.url, c.body, { token: host.token, headers: c.headers, contentType: c.headers['content-type'] ?? '' });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500) unexpected.push(`${c.kind}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
      else if (typeof res.json?.error?.code !== 'string') unexpected.push(`${c.kind}: ${res.status} without a JSON error body`);
    };
    const worker = async (count: number) => {
      for (let i = 0; i < count; i++) {
        await send();
        done++;
      }
    };
    // Warm up first so the baseline includes the server's steady-state heap and JIT code.
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(50)));
    const rssBefore = rssBytes(server.process.pid!);
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker((BODIES - done) / CONCURRENCY)));
    const rssAfter = rssBytes(server.process.pid!);

    expect(done).toBe(BODIES);
    expect(unexpected.slice(0, 20)).toEqual([]);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(BODIES / 2);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(statuses.get(415)).toBeGreaterThan(0);
    expect(await store.getHostState(host.host.id)).toBeNull();
    expect(await store.readSeries(host.host.id, 'raw', ['cpu.total'], 0, Date.now() + 3_600_000, Date.now())).toEqual([]);
    // A generous bound: 10,000 requests must not leave the server holding their bodies.
    expect(rssAfter - rssBefore).toBeLessThan(256 * 1024 * 1024);

    // The server is still healthy and the host can still send a valid batch.
    const ok = await postIngest(server.url, makeBatch(Date.now()), { token: host.token });
    expect(ok.status).toBe(200);
    expect(server.output()).not.toMatch(/unhandled error/);
  });
});

import { createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, createTestHost, startBackend, type Backend, type BackendKind } from '../../support/hosts';
import { getJson, postIngest, rssBytes } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch, makeSample } from '../../support/samples';

const RATE_LIMIT = 40;
const API_RATE_LIMIT = 20;

/** gzip of `total` zero bytes, compressed as a stream so the test never holds the inflated size. */
async function gzipOfZeros(total: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  const source = Readable.from(
    (function* () {
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
    })(),
  );
  const out: Buffer[] = [];
  for await (const part of source.pipe(createGzip({ level: 9 }))) out.push(part as Buffer);
  return Buffer.concat(out);
}

describe.each<BackendKind>(['sqlite', 'redis'])('POST /api/v1/ingest on %s', (kind) => {
  let backend: Backend;
  let server: NextServer;
  let store: Store;

  beforeAll(async () => {
    backend = await startBackend(kind);
    server = await startNextServer({
      ...backend.env,
      HOSTWATCH_INGEST_RATE_PER_MIN: String(RATE_LIMIT),
      HOSTWATCH_API_RATE_PER_MIN: String(API_RATE_LIMIT),
    });
    store = await backend.open(server);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    await backend?.stop();
  });

  it('accepts a valid batch and tells the collector its cadence', async () => {
    const { host, token } = await createTestHost(store);
    const now = Date.now();
    const res = await postIngest(server.url, makeBatch(now, 2), { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 2, duplicates: 0, sampleIntervalMs: 5_000, postIntervalMs: 10_000, untilMs: 0, watch: [] });
    const state = await store.getHostState(host.id);
    expect(state?.latest.ts).toBe(now);
  });

  it('refuses a missing or unknown token with 401 and a disabled host with 403', async () => {
    const batch = makeBatch(Date.now());
    const none = await postIngest(server.url, batch);
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('missing_token');
    const unknown = await postIngest(server.url, batch, { token: 'hwh_' + 'x'.repeat(27) });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe('invalid_token');
    const { host, token } = await createTestHost(store, { disabled: true });
    const disabled = await postIngest(server.url, batch, { token });
    expect(disabled.status).toBe(403);
    expect(disabled.json.error.code).toBe('host_disabled');
    expect(await store.getHostState(host.id)).toBeNull();
  });

  it('answers 413 for a body over 1 MB, also when it only grows that big after gzip, and for more than 500 samples', async () => {
    const { host, token } = await createTestHost(store);
    const big = { ...makeBatch(Date.now()), pad: 'x'.repeat(1_000_001) };
    expect((await postIngest(server.url, big, { token })).status).toBe(413);
    const gz = await postIngest(server.url, big, { token, gzip: true });
    expect(gz.status).toBe(413);
    expect(gz.json.error.code).toBe('payload_too_large');
    // Small samples, so that the count and not the byte size is what is over the limit.
    const slim = (ts: number) => makeSample(ts, 0, { filesystems: [], temperatures: [], processes: { total: 1, running: 1, top: [] } });
    const samples = Array.from({ length: 501 }, (_, i) => slim(Date.now() - i * 1000));
    expect(JSON.stringify(samples).length).toBeLessThan(1_000_000);
    const many = await postIngest(server.url, { v: 1, samples, counters: { spooled: 0, dropped: 0 } }, { token });
    expect(many.status).toBe(413);
    expect(many.json.error.message).toContain('501 samples');
    expect(await store.getHostState(host.id)).toBeNull();
  });

  it('answers 415 for a non-JSON content type and 400 for a body that is not JSON', async () => {
    const { token } = await createTestHost(store);
    const form = await postIngest(server.url, 'a=1', { token, contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.json.error.code).toBe('unsupported_media_type');
    const junk = await postIngest(server.url, '{"v":1,', { token });
    expect(junk.status).toBe(400);
    expect(junk.json.error.code).toBe('invalid_json');
  });

  it('names every bad field and stores nothing of the batch', async () => {
    const { host, token } = await createTestHost(store);
    const now = Date.now();
    const batch = makeBatch(now, 4, 5_000);
    batch.samples[0]!.cpu.total = 101;
    batch.samples[1]!.memory.swapUsed = -1;
    batch.samples[3]!.ts = now + 6 * 60_000;
    batch.counters.dropped = -3;
    // JSON cannot carry NaN or Infinity; 1e999 is what a broken encoder sends and it parses to Infinity.
    const text = JSON.stringify(batch).replace('"load5":', '"load5":1e999,"ignored":');
    const res = await postIngest(server.url, text, { token });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_batch');
    const paths = (res.json.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['samples.0.cpu.total', 'samples.1.memory.swapUsed', 'samples.0.cpu.load5', 'counters.dropped']),
    );
    // The future timestamp is reported once the shape is right.
    const future = makeBatch(now, 2);
    future.samples[1]!.ts = now + 6 * 60_000;
    const res2 = await postIngest(server.url, future, { token });
    expect(res2.status).toBe(400);
    expect(res2.json.error.details).toEqual([{ path: 'samples.1.ts', message: expect.stringContaining('future') }]);
    expect(await store.getHostState(host.id)).toBeNull();
    expect(await store.readSeries(host.id, 'raw', ['cpu.total'], now - HOUR, now + HOUR, now)).toEqual([]);
  });

  it('stores a duplicate sample once and counts it', async () => {
    const { host, token } = await createTestHost(store);
    const now = Date.now();
    const first = await postIngest(server.url, makeBatch(now - 5_000, 3), { token });
    expect(first.json).toMatchObject({ accepted: 3, duplicates: 0 });
    const again = await postIngest(server.url, makeBatch(now, 4), { token });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ accepted: 1, duplicates: 3 });
    const rows = await store.readSeries(host.id, 'raw', ['cpu.total'], now - HOUR, now + 1, now);
    expect(rows.map((r) => r.t)).toEqual([now - 15_000, now - 10_000, now - 5_000, now]);
  });

  it('accepts gzip', async () => {
    const { host, token } = await createTestHost(store);
    const res = await postIngest(server.url, makeBatch(Date.now(), 10), { token, gzip: true });
    expect(res.status).toBe(200);
    expect(res.json.accepted).toBe(10);
    expect((await store.getHostState(host.id))?.latest).toBeTruthy();
  });

  it('stops a gzip bomb with 413 without inflating it into memory', async () => {
    const { host, token } = await createTestHost(store);
    const pid = server.process.pid!;
    const gigabyte = await gzipOfZeros(1024 * 1024 * 1024);
    const halfGigabyte = await gzipOfZeros(512 * 1024 * 1024);
    expect(halfGigabyte.length).toBeLessThan(1_000_000); // small enough that only the inflate cap can stop it
    const before = rssBytes(pid);
    for (const bomb of [gigabyte, halfGigabyte, halfGigabyte, halfGigabyte]) {
      const res = await postIngest(server.url, bomb, { token, gzip: false, headers: { 'content-encoding': 'gzip' } });
      expect(res.status).toBe(413);
    }
    expect(rssBytes(pid) - before).toBeLessThan(100 * 1024 * 1024);
    expect(await store.getHostState(host.id)).toBeNull();
  });

  it(`limits each host to ${RATE_LIMIT} posts a minute with 429 and Retry-After`, async () => {
    const { token } = await createTestHost(store);
    const { token: other } = await createTestHost(store);
    const now = Date.now();
    let accepted = 0;
    let last: Awaited<ReturnType<typeof postIngest>> | undefined;
    // Post until refused; a fixed window may turn over once mid-loop, so allow up to two windows' worth.
    for (let i = 0; i < 2 * RATE_LIMIT + 2; i++) {
      last = await postIngest(server.url, makeBatch(now - i * 1000), { token });
      if (last.status !== 200) break;
      accepted++;
    }
    expect(accepted).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.json.error.code).toBe('rate_limited');
    expect((await postIngest(server.url, makeBatch(now), { token: other })).status).toBe(200);
  });

  it(`limits each API token to ${API_RATE_LIMIT} reads a minute with 429 and Retry-After`, async () => {
    const { token } = await createTestApiToken(store);
    const { token: other } = await createTestApiToken(store);
    let ok = 0;
    let last: Awaited<ReturnType<typeof getJson>> | undefined;
    for (let i = 0; i < 2 * API_RATE_LIMIT + 2; i++) {
      last = await getJson(server.url, '/api/v1/hosts', token);
      if (last.status !== 200) break;
      ok++;
    }
    expect(ok).toBeGreaterThanOrEqual(API_RATE_LIMIT);
    expect(last!.status).toBe(429);
    expect(last!.json.error.code).toBe('rate_limited');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await getJson(server.url, '/api/v1/hosts', other)).status).toBe(200);
  });

  it('asks for 1 s sampling and posting while the host is watched', async () => {
    const { host, token } = await createTestHost(store);
    const now = Date.now();
    expect((await postIngest(server.url, makeBatch(now - 1000), { token })).json.untilMs).toBe(0);
    const until = now + 60_000;
    await store.markWatched(host.id, until);
    const res = await postIngest(server.url, makeBatch(now), { token });
    expect(res.json).toEqual({ accepted: 1, duplicates: 0, sampleIntervalMs: 1_000, postIntervalMs: 1_000, untilMs: until, watch: [] });
  });

  it('puts samples 3 days late into the rollup tiers that still keep them, not into raw', async () => {
    const { host, token } = await createTestHost(store);
    const { token: reader } = await createTestApiToken(store);
    const now = Date.now();
    const lateTs = now - 3 * DAY;
    const batch = makeBatch(lateTs, 60, 5_000);
    const res = await postIngest(server.url, batch, { token, gzip: true });
    expect(res.status).toBe(200);
    expect(res.json.accepted).toBe(60);
    expect(await store.readSeries(host.id, 'raw', ['cpu.total'], lateTs - HOUR, lateTs + HOUR, now)).toEqual([]);
    const fiveMinute = await store.readSeries(host.id, '5m', ['cpu.total'], lateTs - HOUR, lateTs + HOUR, now);
    expect(fiveMinute.length).toBeGreaterThan(0);
    const values = batch.samples.map((s) => s.cpu.total);
    expect(Math.max(...fiveMinute.map((r) => r.values['cpu.total']!.max))).toBeCloseTo(Math.max(...values), 1);
    for (const range of ['7d', '30d']) {
      const q = await getJson(server.url, `/api/v1/hosts/${host.id}/series?metrics=cpu.total&range=${range}`, reader);
      expect(q.status).toBe(200);
      expect(q.json.tier).toBe('1h');
      const filled = (q.json.series['cpu.total'].max as (number | null)[]).filter((v) => v !== null);
      expect(filled.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...(filled as number[]))).toBeCloseTo(Math.max(...values), 1);
    }
    const near = await getJson(server.url, `/api/v1/hosts/${host.id}/series?metrics=cpu.total&from=${lateTs - HOUR}&to=${lateTs + HOUR}`, reader);
    expect(near.json.tier).toBe('1m');
    expect((near.json.series['cpu.total'].avg as unknown[]).some((v) => v !== null)).toBe(true);
  });

  it('keeps one sample per timestamp even for the same sample in one batch', async () => {
    const { host, token } = await createTestHost(store);
    const ts = Date.now();
    const res = await postIngest(server.url, { v: 1, samples: [makeSample(ts), makeSample(ts)], counters: { spooled: 0, dropped: 0 } }, { token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await store.readSeries(host.id, 'raw', ['cpu.total'], ts - 1, ts + 1, ts)).toHaveLength(1);
  });
});

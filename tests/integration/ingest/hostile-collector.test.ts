import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import type { Batch } from '@/lib/wire/contract';
import { BrowserSession } from '../auth/browser-session';
import { createTestHost, startBackend, type Backend, type BackendKind } from '../../support/hosts';
import { postIngest, rssBytes } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch, makeSample } from '../../support/samples';

/**
 * What one host token did to the whole dashboard before the series registry
 * bounded it, replayed against `next start` on each backend: values a
 * physical range does not allow are refused naming the field, invented mount
 * names are capped, and every page and range a viewer opens still answers.
 */
const ADMIN = { email: 'admin@example.test', password: 'admin-password-123' };
const RANGES = ['15m', '1h', '6h', '24h', '7d', '30d', '365d'];

describe.each<BackendKind>(['sqlite', 'redis'])('a hostile collector on %s', (kind) => {
  let backend: Backend;
  let server: NextServer;
  let store: Store;
  let admin: BrowserSession;

  beforeAll(async () => {
    backend = await startBackend(kind);
    server = await startNextServer({ ...backend.env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, HOSTWATCH_INGEST_RATE_PER_MIN: '1000' });
    store = await backend.open(server);
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    await backend?.stop();
  });

  async function everythingAnswers(hostId: string) {
    for (const path of ['/', `/hosts/${hostId}`, '/api/v1/fleet', `/api/v1/fleet/sparklines?ids=${hostId}`, `/api/v1/hosts/${hostId}`]) {
      expect((await admin.request('GET', path)).status, path).toBe(200);
    }
    for (const range of RANGES) {
      expect((await admin.request('GET', `/hosts/${hostId}?range=${range}`)).status, range).toBe(200);
      const series = await admin.request('GET', `/api/v1/hosts/${hostId}/series?range=${range}`);
      expect(series.status, range).toBe(200);
    }
  }

  it('refuses values outside their physical range, naming the field, and stores nothing of the batch', async () => {
    const { host, token } = await createTestHost(store);
    const now = Date.now();
    const cases: [string, (b: Batch) => void, string][] = [
      ['1.7e308 bytes', (b) => b.samples.forEach((s) => (s.memory.used = 1.7e308)), 'samples.0.memory.used'],
      ['1e19 bytes', (b) => (b.samples[0]!.memory.used = 1e19), 'samples.0.memory.used'],
      ['a rate past 2^53', (b) => (b.samples[0]!.network.total.rxBps = 2 ** 60), 'samples.0.network.total.rxBps'],
      ['fractional drops', (b) => (b.counters.dropped = 0.5), 'counters.dropped'],
      ['fractional process count', (b) => (b.samples[0]!.processes.total = 1.5), 'samples.0.processes.total'],
      ['an impossible load', (b) => (b.samples[0]!.cpu.load1 = 1e12), 'samples.0.cpu.load1'],
    ];
    for (const [what, spoil, field] of cases) {
      const batch = makeBatch(now, 2, 1_000);
      spoil(batch);
      const res = await postIngest(server.url, batch, { token });
      expect(res.status, what).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path), what).toContain(field);
    }
    expect(await store.getHostState(host.id)).toBeNull();
    // The largest values the contract allows, twice in one minute: stored and readable everywhere.
    const edge = makeBatch(now, 2, 1_000);
    for (const s of edge.samples) s.memory.used = 2 ** 53;
    expect((await postIngest(server.url, edge, { token })).status).toBe(200);
    await everythingAnswers(host.id);
  });

  it('caps 100,000 invented mount names: ingest answers, the database and the server stay bounded, every page answers', async () => {
    const { host, token } = await createTestHost(store);
    const now = Date.now();
    let mount = 0;
    const rssBefore = rssBytes(server.process.pid!);
    for (let post = 0; post < 20; post++) {
      const samples = Array.from({ length: 20 }, (_, i) => {
        const s = makeSample(now - 400_000 + (post * 20 + i) * 1_000);
        s.filesystems = Array.from({ length: 256 }, () => ({ ...s.filesystems[0]!, mount: `/attack/${mount++}` }));
        return s;
      });
      const res = await postIngest(server.url, { v: 1, samples, counters: { spooled: 0, dropped: 0 } }, { token, gzip: true });
      expect(res.status).toBe(200);
    }
    expect(mount).toBeGreaterThanOrEqual(100_000);
    const detail = await admin.request('GET', `/api/v1/hosts/${host.id}`);
    expect(detail.json.seriesCapped.series).toContain('filesystems');
    const names = (await store.listSeriesNames(host.id)).filter((n) => n.startsWith('fs:'));
    expect(names).toHaveLength(256);
    const series = await admin.request('GET', `/api/v1/hosts/${host.id}/series?range=1h`);
    expect(series.status).toBe(200);
    expect(Object.keys(series.json.series).length).toBeLessThanOrEqual(64);
    expect(JSON.stringify(series.json).length).toBeLessThan(2_000_000);
    // Asking for more than the bound by name is refused, naming the parameter.
    const tooMany = await admin.request('GET', `/api/v1/hosts/${host.id}/series?range=1h&metrics=${names.slice(0, 65).map(encodeURIComponent).join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe('too_many_metrics');
    expect(tooMany.json.error.message).toMatch(/^metrics: /);
    expect((await admin.request('GET', '/api/v1/health')).status).toBe(200);
    if (kind === 'sqlite') {
      const bytes = ['hostwatch.db', 'hostwatch.db-wal'].map((f) => path.join(server.dataDir, f)).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
      expect(bytes).toBeLessThan(64 * 1024 * 1024);
    }
    // Resident memory is a bound, not a timing: 400 samples of 256 mounts each must not cost the server hundreds of MB.
    expect(rssBytes(server.process.pid!) - rssBefore).toBeLessThan(200 * 1024 * 1024);
    await everythingAnswers(host.id);
  });
});

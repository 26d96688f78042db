import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '@/lib/metrics/tiers';
import { METRIC_NAMES } from '@/lib/metrics/registry';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, createTestHost, startBackend, type Backend, type BackendKind, type TestHost } from '../../support/hosts';
import { getJson, postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch, makeSample } from '../../support/samples';

describe.each<BackendKind>(['sqlite', 'redis'])('read API on %s', (kind) => {
  let backend: Backend;
  let server: NextServer;
  let store: Store;
  let web: TestHost;
  let reader: string;
  const now = Date.now();
  /** Two runs of samples 5 s apart with a 20-minute hole between them, all in the last hour. */
  const firstRun = makeBatch(now - 40 * MINUTE, 60, 5_000);
  const secondRun = makeBatch(now - 60_000, 12, 5_000);

  beforeAll(async () => {
    backend = await startBackend(kind);
    server = await startNextServer(backend.env);
    store = await backend.open(server);
    web = await createTestHost(store, { name: 'web-1' });
    reader = (await createTestApiToken(store)).token;
    for (const batch of [firstRun, secondRun]) {
      const res = await postIngest(server.url, batch, { token: web.token });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    await backend?.stop();
  });

  const get = (path: string, token: string | null = reader) => getJson(server.url, path, token ?? undefined);

  it('refuses reads without credentials, with a host token, or with an expired token (401)', async () => {
    for (const path of ['/api/v1/hosts', `/api/v1/hosts/${web.host.id}`, `/api/v1/hosts/${web.host.id}/series`, '/api/v1/metrics/current']) {
      const res = await get(path, null);
      expect(res.status, path).toBe(401);
      expect(res.json.error.code).toBe('unauthenticated');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await get('/api/v1/hosts', web.token)).status).toBe(401);
    expect((await get('/api/v1/hosts', 'hwa_unknowntoken00000000000000')).json.error.code).toBe('invalid_token');
    const expired = await createTestApiToken(store, { expiresAt: now - 1 });
    expect((await get('/api/v1/hosts', expired.token)).json.error.code).toBe('token_expired');
  });

  it('aliases work without ?host= while there is exactly one host', async () => {
    const current = await get('/api/v1/metrics/current');
    expect(current.status).toBe(200);
    expect(current.json.host.id).toBe(web.host.id);
    for (const [alias, metric] of [['cpu', 'load.15'], ['memory', 'swap.used'], ['disk', 'fs:/var'], ['network', 'net.tx']] as const) {
      const res = await get(`/api/v1/metrics/${alias}?range=30m`);
      expect(res.status, alias).toBe(200);
      expect(Object.keys(res.json.series), alias).toContain(metric);
      expect(res.json.t.length).toBe(res.json.series[metric].avg.length);
    }
    const procs = await get('/api/v1/metrics/processes');
    expect(procs.status).toBe(200);
    expect(procs.json.snapshot.processes.length).toBeGreaterThan(0);
  });

  it('lists the fleet with status, last-seen and headline metrics', async () => {
    await createTestHost(store, { name: 'db-1' }); // never posted
    const res = await get('/api/v1/hosts');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries((res.json.hosts as { name: string }[]).map((h) => [h.name, h]));
    expect(byName['web-1']).toMatchObject({ id: web.host.id, status: 'online', headline: { diskPct: 75 } });
    expect(byName['web-1']!).toHaveProperty('lastSeen');
    expect(byName['db-1']).toMatchObject({ status: 'waiting', lastSeen: null, headline: null });
    expect(JSON.stringify(res.json)).not.toMatch(/tokenHash|token_hash/);
  });

  it('aliases need ?host= once there are several hosts, and 404 an unknown one', async () => {
    const many = await get('/api/v1/metrics/cpu');
    expect(many.status).toBe(400);
    expect(many.json.error.code).toBe('host_required');
    expect((await get(`/api/v1/metrics/cpu?host=${web.host.id}`)).status).toBe(200);
    expect((await get('/api/v1/metrics/memory?host=nope')).status).toBe(404);
  });

  it('answers an unknown alias name with the JSON error shape', async () => {
    const res = await get('/api/v1/metrics/gpu');
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('cpu, current, disk, memory, network, processes') });
  });

  it('shows one host in full', async () => {
    const res = await get(`/api/v1/hosts/${web.host.id}`);
    expect(res.status).toBe(200);
    expect(res.json.latest.ts).toBe(secondRun.samples.at(-1)!.ts);
    expect(res.json.latest.cpu.cores).toHaveLength(2);
    expect(res.json.latest.processes.top.length).toBeGreaterThan(0);
    expect(res.json.status).toBe('online');
  });

  it('answers raw samples for a short range, with a null where the samples stop', async () => {
    const res = await get(`/api/v1/hosts/${web.host.id}/series?metrics=cpu.total,mem.used&from=${now - 45 * MINUTE}&to=${now}&points=2000`);
    expect(res.status).toBe(200);
    expect(res.json.tier).toBe('raw');
    const avg = res.json.series['cpu.total'].avg as (number | null)[];
    expect(res.json.t.length).toBe(avg.length);
    expect(avg.filter((v) => v !== null)).toHaveLength(72);
    expect(avg.filter((v) => v === null)).toHaveLength(1); // the 20-minute hole
    expect(avg[0]).toBeCloseTo(firstRun.samples[0]!.cpu.total, 5);
  });

  it('answers minute buckets for an hour, aligned, with nulls for the empty minutes', async () => {
    const res = await get(`/api/v1/hosts/${web.host.id}/series?metrics=cpu.total&range=1h`);
    expect(res.json.tier).toBe('1m');
    expect(res.json.stepMs).toBe(MINUTE);
    const t = res.json.t as number[];
    expect(t.every((x, i) => i === 0 || x - t[i - 1]! === MINUTE)).toBe(true);
    const col = res.json.series['cpu.total'];
    const filled = (col.avg as (number | null)[]).map((v) => v !== null);
    expect(filled.filter(Boolean).length).toBeGreaterThanOrEqual(6);
    expect(filled.filter((f) => !f).length).toBeGreaterThanOrEqual(15);
    // Where a bucket holds data, min <= avg <= max.
    col.avg.forEach((a: number | null, i: number) => {
      if (a !== null) expect(col.min[i] <= a && a <= col.max[i]).toBe(true);
    });
    // The bucket of one known sample holds it.
    const s = firstRun.samples[30]!;
    const i = t.indexOf(s.ts - (s.ts % MINUTE));
    expect(col.min[i]).toBeLessThanOrEqual(s.cpu.total);
    expect(col.max[i]).toBeGreaterThanOrEqual(s.cpu.total);
  });

  it('answers 5-minute buckets for 24 h and hourly ones for 30 d, within the points asked', async () => {
    const day = await get(`/api/v1/hosts/${web.host.id}/series?range=24h`);
    expect(day.json.tier).toBe('5m');
    expect(day.json.t.length).toBeLessThanOrEqual(600);
    expect(Object.keys(day.json.series)).toEqual(expect.arrayContaining([...METRIC_NAMES, 'fs:/', 'fs:/var']));
    const month = await get(`/api/v1/hosts/${web.host.id}/series?metrics=cpu.total&range=30d&points=100`);
    expect(month.json.tier).toBe('1h');
    expect(month.json.t.length).toBeLessThanOrEqual(100);
    expect(month.json.stepMs % HOUR).toBe(0);
  });

  it('answers 400 for from after to, an unknown metric and too many points', async () => {
    const base = `/api/v1/hosts/${web.host.id}/series`;
    const swapped = await get(`${base}?from=${now}&to=${now - DAY}`);
    expect([swapped.status, swapped.json.error.code]).toEqual([400, 'invalid_range']);
    const unknown = await get(`${base}?metrics=cpu.total,cpu.bogus`);
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'unknown_metric']);
    expect(unknown.json.error.message).toContain('cpu.bogus');
    const points = await get(`${base}?points=2001`);
    expect(points.status).toBe(400);
    expect(points.json.error.message).toContain('points');
    expect((await get(`${base}?from=last-tuesday`)).status).toBe(400);
  });

  it('answers 404 for an unknown host on every host endpoint', async () => {
    for (const path of ['/api/v1/hosts/nope', '/api/v1/hosts/nope/series', '/api/v1/hosts/nope/processes']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
  });

  it('finds the process snapshot nearest to ?at=', async () => {
    const { host, token } = await createTestHost(store, { name: 'proc-host' });
    const base = now - 10 * MINUTE;
    // Snapshots are kept at most one a minute; give each minute a recognisable process list.
    for (let m = 0; m < 5; m++) {
      const sample = makeSample(base + m * MINUTE);
      sample.processes.top = [{ ...sample.processes.top[0]!, pid: 1000 + m, name: `job-${m}` }];
      expect((await postIngest(server.url, { v: 1, samples: [sample], counters: { spooled: 0, dropped: 0 } }, { token })).status).toBe(200);
    }
    const near = await get(`/api/v1/hosts/${host.id}/processes?at=${base + 2 * MINUTE + 10_000}`);
    expect(near.status).toBe(200);
    expect(near.json.snapshot.ts).toBe(base + 2 * MINUTE);
    expect(near.json.snapshot.processes[0].name).toBe('job-2');
    const iso = await get(`/api/v1/hosts/${host.id}/processes?at=${new Date(base + 3 * MINUTE - 5_000).toISOString()}`);
    expect(iso.json.snapshot.processes[0].name).toBe('job-3');
    const latest = await get(`/api/v1/hosts/${host.id}/processes`);
    expect(latest.json.snapshot.processes[0].name).toBe('job-4');
    expect((await get(`/api/v1/hosts/${host.id}/processes?at=soon`)).status).toBe(400);
  });
});

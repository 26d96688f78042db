import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, createTestHost, startBackend, type Backend, type BackendKind } from '../../support/hosts';
import { getJson, postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch, makeSample, makeSystem } from '../../support/samples';

/**
 * What a hostile or broken collector sends at the edges of the contract, end
 * to end on `next start`: samples stamped before any history kept (a clock at
 * 1970), and text made to display as something else.
 */
describe.each<BackendKind>(['sqlite', 'redis'])('ingest edges on %s', (kind) => {
  let backend: Backend;
  let server: NextServer;
  let store: Store;
  let reader: string;

  beforeAll(async () => {
    backend = await startBackend(kind);
    server = await startNextServer(backend.env);
    store = await backend.open(server);
    reader = (await createTestApiToken(store)).token;
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    await backend?.stop();
  });

  const fleetEntry = async (hostId: string) => {
    const res = await getJson(server.url, '/api/v1/hosts', reader);
    return (res.json.hosts as { id: string; status: string; lastSeen: number | null }[]).find((h) => h.id === hostId);
  };

  it('refuses samples older than any history kept, says how many and why, and a host sending only those never looks online', async () => {
    const { host, token } = await createTestHost(store);
    const ancient = { v: 1, samples: [makeSample(1), makeSample(2)], counters: { spooled: 0, dropped: 0 } };
    for (let i = 0; i < 2; i++) {
      // The same answer the second time: refused again, not a duplicate.
      const res = await postIngest(server.url, ancient, { token });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ accepted: 0, duplicates: 0, refused: { count: 2, reason: expect.stringMatching(/^stamped more than 365 days before the server's clock, older than any history it keeps: check the host's clock$/) } });
    }
    expect(await store.getHostState(host.id)).toBeNull();
    expect(await fleetEntry(host.id)).toMatchObject({ status: 'waiting', lastSeen: null });

    // One good sample in a batch of junk: it alone is stored, and the host is online from it.
    const now = Date.now();
    const mixed = { ...makeBatch(now - 1_000), samples: [makeSample(1), makeSample(now - 1_000)] };
    const res = await postIngest(server.url, mixed, { token });
    expect(res.json).toMatchObject({ accepted: 1, duplicates: 0, refused: { count: 1 } });
    expect((await store.getHostState(host.id))!.latest.ts).toBe(now - 1_000);
    expect(await fleetEntry(host.id)).toMatchObject({ status: 'online' });

    // A batch with nothing refused has no `refused` at all.
    const clean = await postIngest(server.url, makeBatch(Date.now()), { token });
    expect(clean.json).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(clean.json).not.toHaveProperty('refused');
  });

  it('stores host, process, mount, interface and sensor names without bidi controls or invisible characters', async () => {
    const { host, token } = await createTestHost(store);
    const sample = makeSample(Date.now() - 1_000);
    sample.processes.top[0]!.name = 'l\u202Eive';
    sample.processes.top[0]!.command = '/usr/bin/\u200Bevil\u2066 --x';
    sample.filesystems[0]!.mount = '/\u202Adata';
    sample.network.interfaces[0]!.name = 'eth\uFEFF0';
    sample.temperatures[0]!.label = 'Core\u200D 0';
    const res = await postIngest(server.url, { v: 1, samples: [sample], system: makeSystem('web\u202E-1'), counters: { spooled: 0, dropped: 0 } }, { token });
    expect(res.status).toBe(200);
    const detail = await getJson(server.url, `/api/v1/hosts/${host.id}`, reader);
    expect(detail.status).toBe(200);
    const text = JSON.stringify(detail.json);
    expect(text).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|\\u20(0[b-f]|2[a-e]|6[6-9])|\\ufeff/i);
    expect(text).toContain('"live"');
    expect(text).toContain('"/usr/bin/evil --x"');
    expect(text).toContain('"web-1"');
    expect(text).toContain('"eth0"');
  });
});

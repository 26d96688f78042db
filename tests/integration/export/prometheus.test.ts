import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, createTestHost, startBackend, type Backend } from '../../support/hosts';
import { getJson, postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';
import { makeBatch } from '../../support/samples';

/**
 * Prometheus both ways, for real: one Prometheus scrapes `next start`'s
 * /api/v1/prometheus every second with an API token as bearer, another
 * receives Hostwatch's remote write; each is asked through its HTTP API for a
 * value Hostwatch stored.
 */
describe('Prometheus exposition and remote write against real Prometheus servers', () => {
  let backend: Backend;
  let server: NextServer;
  let store: Store;
  let receiver: PrometheusServer;
  let scraper: PrometheusServer;
  let apiToken: string;
  let batch: ReturnType<typeof makeBatch>;

  beforeAll(async () => {
    receiver = await startPrometheus({ remoteWriteReceiver: true });
    backend = await startBackend('sqlite');
    server = await startNextServer({ ...backend.env, HOSTWATCH_REMOTE_WRITE_URL: receiver.writeUrl });
    store = await backend.open(server);
    const { token } = await createTestHost(store, { name: 'web-1', tags: ['env:prod', 'team.db'] });
    apiToken = (await createTestApiToken(store)).token;
    batch = makeBatch(Date.now(), 2);
    const res = await postIngest(server.url, batch, { token });
    expect(res.status).toBe(200);
    scraper = await startPrometheus({ scrape: { url: server.url, metricsPath: '/api/v1/prometheus', bearer: apiToken } });
  });
  afterAll(async () => {
    await scraper?.stop();
    await store?.close();
    await server?.stop();
    await backend?.stop();
    await receiver?.stop();
  });

  it('answers the text format to a bearer API token, OpenMetrics when asked, and nothing without a token', async () => {
    const anonymous = await fetch(`${server.url}/api/v1/prometheus`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const text = await fetch(`${server.url}/api/v1/prometheus`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await text.text();
    expect(body).toContain(`hostwatch_cpu_usage_percent{host="web-1",host_id=`);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    expect(lint.error).toBeUndefined();
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
    const om = await fetch(`${server.url}/api/v1/prometheus`, { headers: { authorization: `Bearer ${apiToken}`, accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(om.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect((await om.text()).endsWith('# EOF\n')).toBe(true);
  });

  it('is scraped by Prometheus, which then holds the values Hostwatch stored', async () => {
    const latest = batch.samples.at(-1)!;
    const cpu = await scraper.waitFor('hostwatch_cpu_usage_percent{job="hostwatch",host="web-1",tag_env="prod",tag_team_db="true"}', (r) => r.length === 1);
    expect(Number(cpu[0]!.value[1])).toBe(latest.cpu.total);
    const mount = latest.filesystems[0]!;
    const fs = await scraper.waitFor(`hostwatch_filesystem_used_percent{host="web-1",mount="${mount.mount}"}`, (r) => r.length === 1);
    expect(Number(fs[0]!.value[1])).toBe(mount.usedPct);
    const up = await scraper.waitFor('hostwatch_host_up{host="web-1"}', (r) => r.length === 1);
    expect(up[0]!.value[1]).toBe('1');
    // The server's own health: the ingest above was counted; the scrape itself parsed (up is Prometheus's own verdict).
    const ingests = await scraper.waitFor('hostwatch_server_ingest_requests_total{outcome="accepted"}', (r) => r.length === 1);
    expect(Number(ingests[0]!.value[1])).toBeGreaterThanOrEqual(1);
    const target = await scraper.waitFor('up{job="hostwatch"}', (r) => r.length === 1);
    expect(target[0]!.value[1]).toBe('1');
  });

  it('forwards every accepted sample by remote write, each at its own timestamp', async () => {
    for (const sample of batch.samples) {
      // timestamp() is the stored sample's own time: the one the collector stamped.
      const got = await receiver.waitFor('timestamp(hostwatch_memory_used_bytes{host="web-1",tag_env="prod"})', (r) => r.length === 1, { timeMs: sample.ts });
      expect(Number(got[0]!.value[1]) * 1000).toBe(sample.ts);
      const value = await receiver.query('hostwatch_memory_used_bytes{host="web-1",tag_env="prod"}', sample.ts);
      expect(Number(value[0]!.value[1])).toBe(sample.memory.used);
    }
    const iface = batch.samples[0]!.network.interfaces[0]!;
    const rx = await receiver.waitFor(`hostwatch_network_receive_bytes_per_second{host="web-1",interface="${iface.name}"}`, (r) => r.length === 1);
    expect(Number(rx[0]!.value[1])).toBe(batch.samples.at(-1)!.network.interfaces[0]!.rxBps);
    const health = await getJson(server.url, '/api/v1/health');
    expect(health.json.remoteWrite).toMatchObject({ dropped: 0, rejected: 0 });
    expect(health.json.remoteWrite.sent).toBeGreaterThan(0);
  });
});

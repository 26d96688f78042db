import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store/types';
import { BrowserSession } from '../auth/browser-session';
import { startWebhook } from '../alerts/receivers';
import { startBalancer, type Balancer } from '../../support/balancer';
import { openRedisStoreAt } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { makeBatch } from '../../support/samples';

/**
 * Scale-out as self-hosters run it: two `next start` instances on one Redis
 * behind a round-robin balancer. Whatever one instance learns or decides —
 * a session, a rate-limit count, a rotated token, a live watch, a claimed
 * notification — the other must honour at once, because nothing of it may
 * live only in one process.
 */
const ADMIN = { email: 'admin@example.test', password: 'two-instances-admin-pw' };
const INGEST_PER_MINUTE = 4;

describe('two instances on one Redis behind a balancer', () => {
  let redis: RedisServer;
  let balancer: Balancer;
  let a: NextServer;
  let b: NextServer;
  let store: Store;
  let admin: BrowserSession;

  beforeAll(async () => {
    redis = await startRedisServer();
    balancer = await startBalancer();
    const env = {
      HOSTWATCH_STORE: 'redis',
      REDIS_URL: redis.url,
      NEXTAUTH_URL: balancer.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      HOSTWATCH_INGEST_RATE_PER_MIN: String(INGEST_PER_MINUTE),
      HOSTWATCH_ALERTS_ALLOW_PRIVATE: '127.0.0.0/8',
    };
    // Both start at once, as a deployment rolls out: the first admin is made once.
    [a, b] = await Promise.all([startNextServer(env), startNextServer(env)]);
    balancer.targets = [a.url, b.url];
    store = await openRedisStoreAt(redis.url);
    admin = new BrowserSession(balancer.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  afterAll(async () => {
    await store?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await balancer?.stop();
    await redis?.stop();
  });

  async function newHost(name: string) {
    const created = await admin.request('POST', '/api/v1/hosts', { body: { name } });
    expect(created.status).toBe(201);
    return { id: created.json.id as string, token: created.json.token as string };
  }

  it('makes the first admin once, and a session from one instance works on the other', async () => {
    expect((await store.listUsers()).filter((u) => u.email === ADMIN.email)).toHaveLength(1);
    const from = balancer.served.length;
    for (let i = 0; i < 4; i++) expect((await admin.request('GET', '/api/v1/account')).json.user.email).toBe(ADMIN.email);
    expect(new Set(balancer.served.slice(from))).toEqual(new Set([0, 1]));
  });

  it('counts one host’s ingest limit across both instances', async () => {
    const host = await newHost('limited');
    const window = () => Math.floor(Date.now() / 60_000);
    // Posts alternate between the instances; a limit counted per process would let all eight through.
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = window();
      statuses = [];
      for (let i = 0; i < 2 * INGEST_PER_MINUTE; i++) {
        const target = i % 2 === 0 ? a.url : b.url;
        statuses.push((await postIngest(target, makeBatch(Date.now() - 60_000 + i * 1_000, 1), { token: host.token })).status);
      }
      // The fixed window turned during the posts: counts began again, so the posts are made once more in the new one.
      if (window() === started) break;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(INGEST_PER_MINUTE);
    expect(statuses.slice(INGEST_PER_MINUTE)).toEqual(Array(INGEST_PER_MINUTE).fill(429));
  });

  it('refuses a rotated or deleted host’s token on the other instance at once', async () => {
    const host = await newHost('rotated');
    expect((await postIngest(b.url, makeBatch(Date.now(), 1), { token: host.token })).status).toBe(200);
    const rotated = await admin.request('POST', `/api/v1/hosts/${host.id}/rotate-token`);
    expect(rotated.status).toBe(200);
    expect((await postIngest(b.url, makeBatch(Date.now() + 1_000, 1), { token: host.token })).status).toBe(401);
    expect((await postIngest(a.url, makeBatch(Date.now() + 2_000, 1), { token: rotated.json.token })).status).toBe(200);
    expect((await admin.request('DELETE', `/api/v1/hosts/${host.id}`)).status).toBe(204);
    for (const server of [a, b]) expect((await postIngest(server.url, makeBatch(Date.now() + 3_000, 1), { token: rotated.json.token })).status).toBe(401);
  });

  it('answers a collector posting to one instance with the live cadence a viewer asked of the other', async () => {
    const host = await newHost('watched');
    expect((await postIngest(b.url, makeBatch(Date.now(), 1), { token: host.token })).json.postIntervalMs).toBe(10_000);
    const viewer = new BrowserSession(a.url);
    expect((await viewer.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const watch = await viewer.request('POST', `/api/v1/hosts/${host.id}/watch`, { headers: { origin: balancer.url } });
    expect(watch.status).toBe(200);
    const reply = (await postIngest(b.url, makeBatch(Date.now() + 1_000, 1), { token: host.token })).json;
    expect(reply).toMatchObject({ sampleIntervalMs: 1_000, postIntervalMs: 1_000 });
    expect(reply.untilMs).toBe(watch.json.watchedUntil);
  });

  it('sends one notification when both instances take the same firing batch', async () => {
    const hook = await startWebhook();
    const host = await newHost('alerting');
    // Through the API of one instance: the other must learn of the new rule before it judges the batch.
    const channel = (await admin.request('POST', '/api/v1/alerts/channels', { body: { name: 'hook', kind: 'webhook', config: { url: hook.url, secret: 'whsec_two_instances_0123456789' } } })).json;
    expect(channel.id).toBeTruthy();
    const created = await admin.request('POST', '/api/v1/alerts/rules', {
      body: { name: 'Memory in use', condition: { kind: 'metric', signal: 'mem.used', op: 'above', threshold: 1 }, scope: { kind: 'host', hostId: host.id }, channelIds: [channel.id] },
    });
    expect(created.status).toBe(201);
    const rule = created.json;
    const batch = makeBatch(Date.now(), 2);
    // The collector's retry of a batch whose answer it lost can reach the other instance.
    const [first, second] = await Promise.all([postIngest(a.url, batch, { token: host.token }), postIngest(b.url, batch, { token: host.token })]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.json.accepted + second.json.accepted).toBe(2);
    const deadline = Date.now() + 30_000;
    // Settled: something was attempted on the channel and nothing of it is queued any more.
    const settled = async () =>
      (await store.alerts.listDeliveryLog(channel.id, 20)).length > 0 && (await store.alerts.listQueuedDeliveries()).every((d) => d.channelId !== channel.id);
    while (!(await settled())) {
      if (Date.now() > deadline) throw new Error(`the notification was not sent:\n${a.output().slice(-2000)}\n${b.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await store.alerts.listDeliveryLog(channel.id, 20)).map((l) => l.ok)).toEqual([true]);
    expect(hook.hooks().filter((h) => h.event.ruleId === rule.id).map((h) => h.kind)).toEqual(['alert.firing']);
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/lib/auth/tokens';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { makeBatch } from '../../support/samples';
import { BrowserSession } from '../auth/browser-session';
import { awayFromMinuteEdge, newAddress, viewerRequest } from './viewer-client';

/**
 * Two `next start` instances on one Redis: a link made on one opens on the
 * other, a revocation on one holds on the other's next request, and the
 * link's token is nowhere in Redis.
 */
const ADMIN = { email: 'instances-admin@example.test', password: 'instances-password-1' };

/** Every value of every key, read type by type: what an attacker with the store would see. */
async function dumpRedis(url: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const out: string[] = [];
    for (const key of await redis.keys('*')) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.getBuffer(key))?.toString('latin1') ?? '');
      else if (type === 'hash') out.push(...Object.entries(await redis.hgetallBuffer(key)).flatMap(([k, v]) => [k, v.toString('latin1')]));
      else if (type === 'zset') out.push(...(await redis.zrangeBuffer(key, 0, -1)).map((b) => b.toString('latin1')));
      else if (type === 'list') out.push(...(await redis.lrangeBuffer(key, 0, -1)).map((b) => b.toString('latin1')));
      else if (type === 'set') out.push(...(await redis.smembersBuffer(key)).map((b) => b.toString('latin1')));
      else out.push(`<${type}>`);
    }
    return out.join('\n');
  } finally {
    redis.disconnect();
  }
}

describe('share links across instances on Redis', () => {
  let redis: RedisServer;
  let a: NextServer;
  let b: NextServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { HOSTWATCH_STORE: 'redis', REDIS_URL: redis.url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
    a = await startNextServer(env);
    b = await startNextServer(env);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await redis?.stop();
  });

  it('a revocation on one instance holds on the next request to the other', async () => {
    const admin = new BrowserSession(a.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const host = await admin.request('POST', '/api/v1/hosts', { body: { name: 'redis-shared' } });
    expect((await postIngest(a.url, makeBatch(Date.now(), 3), { token: host.json.token })).status).toBe(200);
    const link = await admin.request('POST', `/api/v1/hosts/${host.json.id}/shares`, { body: { expiresIn: 'never', includeProcesses: true } });
    expect(link.status).toBe(201);
    const { token } = link.json;

    const address = newAddress();
    const onB = `/api/v1/share/${token}/hosts/${host.json.id}`;
    const before = await viewerRequest(b.url, onB, address);
    expect(before.status).toBe(200);
    expect(before.json.host.name).toBe('redis-shared');
    expect((await viewerRequest(b.url, `/share/${token}`, address)).status).toBe(200);

    const dump = await dumpRedis(redis.url);
    expect(dump).toContain(hashToken(token));
    expect(dump).not.toContain(token.slice(4));

    expect((await admin.request('DELETE', `/api/v1/shares/${link.json.share.id}`)).status).toBe(204);
    expect((await viewerRequest(b.url, onB, address)).status).toBe(404);
    expect((await viewerRequest(b.url, `/share/${token}`, address)).status).toBe(404);
    expect((await viewerRequest(a.url, onB, address)).status).toBe(404);
  });

  it('the rate limit of one address is shared by the instances', async () => {
    const admin = new BrowserSession(a.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const host = await admin.request('POST', '/api/v1/hosts', { body: { name: 'limited' } });
    const { json } = await admin.request('POST', `/api/v1/hosts/${host.json.id}/shares`, { body: {} });
    const address = newAddress();
    const path = `/api/v1/share/${json.token}`;
    await awayFromMinuteEdge();
    // The default limit is 300 a minute: 150 to each instance use it up together.
    for (const server of [a, b]) {
      for (let i = 0; i < 150; i += 25) {
        const statuses = await Promise.all(Array.from({ length: 25 }, () => viewerRequest(server.url, path, address).then((r) => r.status)));
        expect(statuses.filter((s) => s !== 200)).toEqual([]);
      }
    }
    expect((await viewerRequest(a.url, path, address)).status).toBe(429);
    expect((await viewerRequest(b.url, path, address)).status).toBe(429);
  });
});

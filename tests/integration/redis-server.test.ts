import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../support/redis-server';

describe('the private redis-server test helper', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts a real redis-server on a free loopback port that stores and returns data', async () => {
    expect(server.port).toBeGreaterThan(0);
    const client = new Redis(server.url);
    try {
      await client.set('hostwatch:probe', 'hello');
      expect(await client.get('hostwatch:probe')).toBe('hello');
      const info = await client.info('server');
      expect(info).toContain(`tcp_port:${server.port}`);
      expect(info).toContain(`config_file:`);
    } finally {
      client.disconnect();
    }
  });

  it('keeps data across a kill and restart when appendonly is on', async () => {
    const durable = await startRedisServer({ appendonly: true });
    try {
      const a = new Redis(durable.url);
      await a.set('k', 'v');
      a.disconnect();
      await durable.kill('SIGKILL');
      await durable.restart();
      const b = new Redis(durable.url);
      expect(await b.get('k')).toBe('v');
      b.disconnect();
    } finally {
      await durable.stop();
    }
  });
});

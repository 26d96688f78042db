import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStartFailure, startNextServer, type NextServer } from '../support/next-server';

describe('next start with the embedded store', () => {
  let server: NextServer;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers the health check with the configured store', async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', store: 'sqlite', storeOk: true });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('next start refuses a bad configuration', () => {
  it('stops with the variable named when NEXTAUTH_SECRET is missing in production', async () => {
    const { code, output } = await expectStartFailure({ NODE_ENV: 'production', NEXTAUTH_SECRET: '' });
    expect(code).not.toBe(0);
    expect(output).toContain('NEXTAUTH_SECRET is required in production');
    expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // a message, not a stack trace
  });

  it('stops with the variable named for a bad value', async () => {
    const { code, output } = await expectStartFailure({
      NODE_ENV: 'production',
      NEXTAUTH_SECRET: 'x'.repeat(40),
      HOSTWATCH_STORE: 'mongodb',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('HOSTWATCH_STORE must be one of sqlite, redis, upstash');
  });
});

describe('health when the store is down', () => {
  it('answers 503 with a JSON body and Retry-After', async () => {
    // Nothing listens on port 1: the Redis backend cannot connect.
    const down = await startNextServer({ HOSTWATCH_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await fetch(`${down.url}/api/v1/health`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await res.json()).toMatchObject({ status: 'degraded', store: 'redis', storeOk: false });
    } finally {
      await down.stop();
    }
  });
});

describe('next start refuses a bad single sign-on configuration', () => {
  it('names the variable for a wrong issuer URL and for a missing client secret', async () => {
    const { code, output } = await expectStartFailure({
      NODE_ENV: 'production',
      NEXTAUTH_SECRET: 'x'.repeat(40),
      HOSTWATCH_OIDC_ISSUER: 'sso.example.com/realms/ops',
      HOSTWATCH_OIDC_CLIENT_ID: 'hostwatch',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('HOSTWATCH_OIDC_ISSUER must be an http(s) URL');
    expect(output).toContain('HOSTWATCH_OIDC_CLIENT_SECRET is required when HOSTWATCH_OIDC_ISSUER is set');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('defaults to the embedded store in .data for a first run', () => {
    const c = parseConfig({});
    expect(c.env).toBe('development');
    expect(c.store).toEqual({ kind: 'sqlite', file: path.resolve('.data', 'hostwatch.db') });
    expect(c.retention.rawMs).toBe(24 * 3_600_000);
    expect(c.retention.hourMs).toBe(365 * 86_400_000);
  });

  it('picks Redis when REDIS_URL is set, and Upstash from either variable pair', () => {
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379' });
    expect(parseConfig({ KV_REST_API_URL: 'https://kv.example.com', KV_REST_API_TOKEN: 't' }).store).toEqual({
      kind: 'upstash',
      url: 'https://kv.example.com',
      token: 't',
    });
    expect(
      parseConfig({ UPSTASH_REDIS_REST_URL: 'https://up.example.com', UPSTASH_REDIS_REST_TOKEN: 'u' }).store,
    ).toEqual({ kind: 'upstash', url: 'https://up.example.com', token: 'u' });
  });

  it('opens a Redis Cluster from one or more node URLs with HOSTWATCH_REDIS_CLUSTER=true, and refuses a list without it', () => {
    expect(parseConfig({ REDIS_URL: 'redis://10.0.0.1:7000', HOSTWATCH_REDIS_CLUSTER: 'true' }).store).toEqual({ kind: 'redis', url: 'redis://10.0.0.1:7000', cluster: true });
    expect(parseConfig({ REDIS_URL: 'redis://a:7000, redis://b:7001', HOSTWATCH_REDIS_CLUSTER: 'true' }).store).toMatchObject({ cluster: true, url: 'redis://a:7000, redis://b:7001' });
    expect(parseConfig({ REDIS_URL: 'redis://a:7000', HOSTWATCH_REDIS_CLUSTER: 'false' }).store).toEqual({ kind: 'redis', url: 'redis://a:7000' });
    expect(problemsOf({ REDIS_URL: 'redis://a:7000,redis://b:7001' })).toEqual(['REDIS_URL lists several nodes: set HOSTWATCH_REDIS_CLUSTER=true for a Redis Cluster, or give one URL']);
    expect(problemsOf({ REDIS_URL: 'redis://a:7000,b:7001', HOSTWATCH_REDIS_CLUSTER: 'true' })[0]).toMatch(/^REDIS_URL must list at most 16 redis:\/\/ or rediss:\/\/ node URLs/);
    expect(problemsOf({ HOSTWATCH_REDIS_CLUSTER: 'true' })).toEqual(['REDIS_URL is required when HOSTWATCH_REDIS_CLUSTER=true (one or more cluster nodes, comma-separated)']);
    expect(problemsOf({ HOSTWATCH_REDIS_CLUSTER: 'yes', REDIS_URL: 'redis://a:1' })).toEqual(['HOSTWATCH_REDIS_CLUSTER must be one of true, false']);
    expect(problemsOf({ HOSTWATCH_REDIS_CLUSTER: 'true', HOSTWATCH_STORE: 'sqlite', REDIS_URL: 'redis://a:1' })).toContain('HOSTWATCH_REDIS_CLUSTER=true needs the redis store, not HOSTWATCH_STORE=sqlite');
  });

  it('names the variable and what is expected for a bad value', () => {
    expect(problemsOf({ HOSTWATCH_STORE: 'mongo' })).toEqual(['HOSTWATCH_STORE must be one of sqlite, redis, upstash']);
    expect(problemsOf({ REDIS_URL: 'localhost:6379' })[0]).toMatch(/^REDIS_URL must start with redis:\/\//);
    expect(problemsOf({ HOSTWATCH_RETENTION_RAW_HOURS: 'soon' })[0]).toMatch(/^HOSTWATCH_RETENTION_RAW_HOURS /);
    expect(problemsOf({ HOSTWATCH_STORE: 'redis' })).toEqual(['REDIS_URL is required when HOSTWATCH_STORE=redis']);
    expect(problemsOf({ KV_REST_API_URL: 'https://kv.example.com' })).toEqual([
      'KV_REST_API_TOKEN (or UPSTASH_REDIS_REST_TOKEN) is required with an Upstash REST URL',
    ]);
  });

  it('refuses production without NEXTAUTH_SECRET, and accepts it with one', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'NEXTAUTH_SECRET is required in production (try: openssl rand -base64 32)',
    ]);
    expect(parseConfig({ NODE_ENV: 'production', NEXTAUTH_SECRET: 'x'.repeat(32) }).auth.secret).toBe('x'.repeat(32));
  });

  it('caps series per host by family, by default and as configured, within bounds', () => {
    expect(parseConfig({}).seriesLimits).toEqual({ filesystems: 256, disks: 256, interfaces: 256, sensors: 128, cores: 256, containers: 256, services: 256, gpus: 16, drives: 64, fans: 64, batteries: 8 });
    expect(parseConfig({ HOSTWATCH_MAX_FILESYSTEMS: '16', HOSTWATCH_MAX_SENSORS: '4', HOSTWATCH_MAX_CONTAINERS: '32' }).seriesLimits).toMatchObject({ filesystems: 16, sensors: 4, containers: 32 });
    expect(parseConfig({ HOSTWATCH_MAX_GPUS: '2', HOSTWATCH_MAX_FANS: '3' }).seriesLimits).toMatchObject({ gpus: 2, fans: 3, drives: 64, batteries: 8 });
    expect(problemsOf({ HOSTWATCH_MAX_FILESYSTEMS: '5000' })).toEqual(['HOSTWATCH_MAX_FILESYSTEMS must be at most 4096']);
    expect(problemsOf({ HOSTWATCH_MAX_DISKS: '0' })[0]).toMatch(/^HOSTWATCH_MAX_DISKS /);
    expect(parseConfig({ HOSTWATCH_MAX_SERVICES: '64' }).seriesLimits.services).toBe(64);
    expect(problemsOf({ HOSTWATCH_MAX_SERVICES: '0' })[0]).toMatch(/^HOSTWATCH_MAX_SERVICES /);
  });

  it('keeps history by tier, by default and as configured, each tier at least as long as the finer one', () => {
    const DAY = 86_400_000;
    expect(parseConfig({}).retention).toEqual({ rawMs: DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 365 * DAY });
    expect(parseConfig({ HOSTWATCH_RETENTION_RAW_HOURS: '48', HOSTWATCH_RETENTION_1H_DAYS: '730' }).retention).toEqual({ rawMs: 2 * DAY, minuteMs: 7 * DAY, fiveMinuteMs: 30 * DAY, hourMs: 730 * DAY });
    // Equal is fine: a tier may keep exactly as long as the finer one.
    expect(parseConfig({ HOSTWATCH_RETENTION_RAW_HOURS: '168', HOSTWATCH_RETENTION_1M_DAYS: '7' }).retention.rawMs).toBe(7 * DAY);
    expect(problemsOf({ HOSTWATCH_RETENTION_RAW_HOURS: '72', HOSTWATCH_RETENTION_1M_DAYS: '2' })).toEqual([
      'HOSTWATCH_RETENTION_1M_DAYS (2 days) must keep at least as long as HOSTWATCH_RETENTION_RAW_HOURS (72 hours): each tier of history keeps at least as long as the finer one',
    ]);
    expect(problemsOf({ HOSTWATCH_RETENTION_5M_DAYS: '400' })).toEqual([
      'HOSTWATCH_RETENTION_1H_DAYS (365 days) must keep at least as long as HOSTWATCH_RETENTION_5M_DAYS (400 days): each tier of history keeps at least as long as the finer one',
    ]);
    expect(problemsOf({ HOSTWATCH_RETENTION_1M_DAYS: '3', HOSTWATCH_RETENTION_5M_DAYS: '2', HOSTWATCH_RETENTION_1H_DAYS: '1' })).toHaveLength(2);
    // A bad value is named on its own, not also compared with its neighbours.
    expect(problemsOf({ HOSTWATCH_RETENTION_1M_DAYS: '0' })).toEqual(['HOSTWATCH_RETENTION_1M_DAYS must be greater than 0']);
    expect(problemsOf({ HOSTWATCH_RETENTION_1H_DAYS: '1e9' })).toEqual(['HOSTWATCH_RETENTION_1H_DAYS must be at most 100000']);
  });

  it('bounds slow clients by default, as configured, within 100 ms to 10 minutes, the head within the request', () => {
    expect(parseConfig({}).server).toEqual({ headersTimeoutMs: 15_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: undefined, ownsConnections: true });
    expect(parseConfig({ HOSTWATCH_HEADERS_TIMEOUT_MS: '500', HOSTWATCH_REQUEST_TIMEOUT_MS: '2000', HOSTWATCH_KEEPALIVE_TIMEOUT_MS: '65000' }).server).toEqual({
      headersTimeoutMs: 500,
      requestTimeoutMs: 2_000,
      keepAliveTimeoutMs: 65_000,
      ownsConnections: true,
    });
    expect(problemsOf({ HOSTWATCH_HEADERS_TIMEOUT_MS: '0' })).toEqual(['HOSTWATCH_HEADERS_TIMEOUT_MS must be at least 100 (ms)']);
    expect(problemsOf({ HOSTWATCH_REQUEST_TIMEOUT_MS: '1.5s' })[0]).toMatch(/^HOSTWATCH_REQUEST_TIMEOUT_MS /);
    expect(problemsOf({ HOSTWATCH_KEEPALIVE_TIMEOUT_MS: '3600000' })).toEqual(['HOSTWATCH_KEEPALIVE_TIMEOUT_MS must be at most 600000 (10 minutes)']);
    expect(problemsOf({ HOSTWATCH_HEADERS_TIMEOUT_MS: '90000' })).toEqual([
      'HOSTWATCH_HEADERS_TIMEOUT_MS must not exceed HOSTWATCH_REQUEST_TIMEOUT_MS (the request includes its headers)',
    ]);
    // On Vercel the platform holds the connections.
    expect(parseConfig({ VERCEL: '1' }).server.ownsConnections).toBe(false);
  });

  it("trusts no proxy by default, Vercel's headers on Vercel, and a list of addresses and CIDRs when told", () => {
    expect(parseConfig({}).auth.trustedProxies).toEqual({ kind: 'none' });
    expect(parseConfig({ VERCEL: '1' }).auth.trustedProxies).toEqual({ kind: 'vercel' });
    expect(parseConfig({ HOSTWATCH_TRUSTED_PROXIES: 'vercel' }).auth.trustedProxies).toEqual({ kind: 'vercel' });
    expect(parseConfig({ HOSTWATCH_TRUSTED_PROXIES: '127.0.0.1, ::1,10.0.0.0/8,fd00::/8' }).auth.trustedProxies).toEqual({
      kind: 'list',
      entries: ['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8'],
    });
    expect(problemsOf({ HOSTWATCH_TRUSTED_PROXIES: 'proxy.internal' })).toEqual([
      'HOSTWATCH_TRUSTED_PROXIES has "proxy.internal", which is neither an IP address nor a CIDR like 10.0.0.0/8',
    ]);
    expect(problemsOf({ HOSTWATCH_TRUSTED_PROXIES: '10.0.0.0/33' })[0]).toMatch(/^HOSTWATCH_TRUSTED_PROXIES has "10.0.0.0\/33"/);
    expect(problemsOf({ HOSTWATCH_TRUSTED_PROXIES: 'vercel,127.0.0.1' })).toEqual([
      'HOSTWATCH_TRUSTED_PROXIES is either the single word vercel or a list of addresses and CIDRs',
    ]);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ REDIS_URL: '', HOSTWATCH_STORE: '' }).store.kind).toBe('sqlite');
  });

  it('lists every problem at once in the error message', () => {
    try {
      parseConfig({ NODE_ENV: 'production', HOSTWATCH_STORE: 'x' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('HOSTWATCH_STORE');
      expect((err as Error).message).toContain('NEXTAUTH_SECRET');
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import { startRedisServer, type RedisServer } from './redis-server';
import { startUpstashBridge, type UpstashBridge } from './upstash-bridge';

/**
 * The three store backends for a suite, as `[name, open]` pairs: each `open`
 * gives a fresh store — a SQLite file of its own, or a key prefix of its own
 * on one private redis-server, spoken to directly and through the Upstash
 * REST bridge. The servers start before the suite and stop after it.
 */
export function everyBackend(prefix: string): [string, () => Store][] {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hostwatch-${prefix}-`));
  let redis: RedisServer;
  let bridge: UpstashBridge;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
    bridge = await startUpstashBridge(redis.url);
  });
  afterAll(async () => {
    await bridge?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return [
    ['sqlite', () => createStore({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, DEFAULT_RETENTION)],
    ['redis', () => createStore({ kind: 'redis', url: redis.url }, DEFAULT_RETENTION, { keyPrefix: `${prefix}${++n}:` })],
    ['upstash', () => createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, DEFAULT_RETENTION, { keyPrefix: `${prefix}${++n}:` })],
  ];
}

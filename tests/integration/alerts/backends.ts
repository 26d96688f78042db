import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { startUpstashBridge, type UpstashBridge } from '../../support/upstash-bridge';

/**
 * Where an engine test keeps its data: each test gets a fresh namespace (a
 * SQLite file, a Redis key prefix), and every `open()` on it is another
 * server instance on the same data — its own store object, so its own
 * alerting caches (they are WeakMaps keyed by the store).
 */
export interface Namespace {
  open(): Store;
}

export interface EngineBackend {
  name: string;
  fresh(): Namespace;
}

/** Stores opened by a test are closed after it (closing twice is harmless). */
const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
});
const track = (s: Store) => (opened.push(s), s);

let n = 0;

export function sqliteBackend(): EngineBackend {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-engine-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    name: 'sqlite',
    fresh() {
      const file = path.join(dir, `ns-${++n}`, 'hostwatch.db');
      return { open: () => track(createStore({ kind: 'sqlite', file }, DEFAULT_RETENTION)) };
    },
  };
}

/** A private redis-server for the file; the backend is usable inside tests (after beforeAll). */
export function redisBackend(): EngineBackend {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    name: 'redis',
    fresh() {
      const keyPrefix = `e${++n}:`;
      return { open: () => track(createStore({ kind: 'redis', url: server.url }, DEFAULT_RETENTION, { keyPrefix })) };
    },
  };
}

/** The Upstash REST client through the bridge in front of a private redis-server. */
export function upstashBackend(): EngineBackend {
  let server: RedisServer;
  let bridge: UpstashBridge;
  beforeAll(async () => {
    server = await startRedisServer();
    bridge = await startUpstashBridge(server.url);
  });
  afterAll(async () => {
    await bridge?.stop();
    await server?.stop();
  });
  return {
    name: 'upstash',
    fresh() {
      const keyPrefix = `u${++n}:`;
      return { open: () => track(createStore({ kind: 'upstash', url: bridge.url, token: bridge.token }, DEFAULT_RETENTION, { keyPrefix })) };
    },
  };
}

import path from 'node:path';
import { generateHostToken, generateToken, hashToken, newId } from '@/lib/auth/tokens';
import type { ApiTokenRecord, ApiTokenScope, HostRecord, Store } from '@/lib/store/types';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';

/**
 * Hosts and API tokens made directly through the store, for tests and
 * benchmarks (creating them over HTTP belongs to the accounts work). The
 * store opened here is the same database or Redis the server under test
 * uses, so the server sees what it creates.
 */

export async function openSqliteStoreAt(dataDir: string): Promise<Store> {
  return createStore({ kind: 'sqlite', file: path.join(dataDir, 'hostwatch.db') }, DEFAULT_RETENTION);
}

export async function openRedisStoreAt(url: string): Promise<Store> {
  return createStore({ kind: 'redis', url }, DEFAULT_RETENTION);
}

export interface TestHost {
  host: HostRecord;
  /** The Bearer token the host's collector would send. */
  token: string;
}

export async function createTestHost(store: Store, opts: { name?: string; disabled?: boolean; tags?: string[] } = {}): Promise<TestHost> {
  const id = newId();
  const token = generateHostToken(id);
  const host: HostRecord = {
    id,
    name: opts.name ?? `host-${id}`,
    tags: opts.tags ?? [],
    tokenHash: hashToken(token),
    disabled: opts.disabled ?? false,
    createdAt: Date.now(),
  };
  await store.createHost(host);
  return { host, token };
}

export interface TestApiToken {
  record: ApiTokenRecord;
  token: string;
}

/** An API token (and the user that owns it) for reading the API in tests. */
export async function createTestApiToken(store: Store, opts: { scope?: ApiTokenScope; expiresAt?: number | null } = {}): Promise<TestApiToken> {
  const userId = newId();
  await store.createUser({
    id: userId,
    email: `reader-${userId.toLowerCase()}@example.test`,
    name: 'Test reader',
    role: opts.scope === 'admin' ? 'admin' : 'viewer',
    passwordHash: 'scrypt$16384$8$1$unused$unused',
    createdAt: Date.now(),
  });
  const token = generateToken('api');
  const record: ApiTokenRecord = {
    id: newId(),
    userId,
    name: 'test token',
    scope: opts.scope ?? 'read',
    tokenHash: hashToken(token),
    createdAt: Date.now(),
    expiresAt: opts.expiresAt ?? null,
    lastUsedAt: null,
  };
  await store.createApiToken(record);
  return { record, token };
}

export type BackendKind = 'sqlite' | 'redis';

export interface Backend {
  kind: BackendKind;
  /** Environment for startNextServer. */
  env: Record<string, string>;
  /** A store handle on the same data the server uses (call after the server started). */
  open(server: { dataDir: string }): Promise<Store>;
  stop(): Promise<void>;
}

/** The data a test server runs on: a SQLite file in the server's data dir, or a private redis-server. */
export async function startBackend(kind: BackendKind): Promise<Backend> {
  if (kind === 'sqlite') {
    return { kind, env: { HOSTWATCH_STORE: 'sqlite' }, open: (server) => openSqliteStoreAt(server.dataDir), stop: async () => {} };
  }
  const { startRedisServer } = await import('./redis-server');
  const redis = await startRedisServer();
  return {
    kind,
    env: { HOSTWATCH_STORE: 'redis', REDIS_URL: redis.url },
    open: () => openRedisStoreAt(redis.url),
    stop: () => redis.stop(),
  };
}

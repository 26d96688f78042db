import { afterAll, beforeAll, expect } from 'vitest';
import type { Store } from '@/lib/store/types';
import { createTestApiToken, openSqliteStoreAt } from '../../support/hosts';
import type { Json } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { BrowserSession } from '../auth/browser-session';
import { startReceiver, type Receiver } from '../notify/receiver';

/**
 * The alerts API suites' world: `next start` on SQLite that may notify
 * loopback receivers (HOSTWATCH_ALERTS_ALLOW_PRIVATE), with a cron secret and
 * the in-process scheduler off (the tests drive time-based rounds through the
 * cron route); a signed-in admin and viewer, admin and read API tokens, a
 * real HTTP receiver, and two hosts.
 */
export const ADMIN = { email: 'alerts-admin@example.test', password: 'alerts-admin-password-1' };
export const VIEWER = { email: 'alerts-viewer@example.test', password: 'alerts-viewer-password-1' };
export const CRON_SECRET = 'cron-secret-for-the-alerts-suite';

export interface TokenClient {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }>;
}

export interface AlertsFixture {
  server: NextServer;
  store: Store;
  admin: BrowserSession;
  adminId: string;
  viewer: BrowserSession;
  adminToken: TokenClient;
  readToken: TokenClient;
  receiver: Receiver;
  web: { id: string; token: string };
  db: { id: string; token: string };
}

function tokenClient(baseUrl: string, token: string): TokenClient {
  return {
    async request(method, path, body) {
      const res = await fetch(baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
  };
}

/** Polls `read` until `done` holds: for what the server does after answering (sending a notification), never for time to pass. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

/** Registers the suite's beforeAll/afterAll; the fields are there once beforeAll has run. */
export function alertsFixture(): AlertsFixture {
  const f = {} as AlertsFixture;
  beforeAll(async () => {
    f.receiver = await startReceiver();
    f.server = await startNextServer({
      HOSTWATCH_STORE: 'sqlite',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      HOSTWATCH_ALERTS_ALLOW_PRIVATE: '127.0.0.1/32',
      HOSTWATCH_ALERT_SCHEDULER: 'off',
      CRON_SECRET,
    });
    f.store = await openSqliteStoreAt(f.server.dataDir);
    f.admin = new BrowserSession(f.server.url);
    expect((await f.admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    f.adminId = (await f.admin.request('GET', '/api/v1/account')).json.user.id;
    expect((await f.admin.request('POST', '/api/v1/users', { body: { ...VIEWER, role: 'viewer' } })).status).toBe(201);
    f.viewer = new BrowserSession(f.server.url);
    expect((await f.viewer.signIn(VIEWER.email, VIEWER.password)).status).toBe(200);
    f.adminToken = tokenClient(f.server.url, (await createTestApiToken(f.store, { scope: 'admin' })).token);
    f.readToken = tokenClient(f.server.url, (await createTestApiToken(f.store, { scope: 'read' })).token);
    const web = await f.admin.request('POST', '/api/v1/hosts', { body: { name: 'web-1', tags: ['prod'] } });
    const db = await f.admin.request('POST', '/api/v1/hosts', { body: { name: 'db-1', tags: ['prod', 'db'] } });
    f.web = { id: web.json.id, token: web.json.token };
    f.db = { id: db.json.id, token: db.json.token };
  });
  afterAll(async () => {
    await f.store?.close();
    await f.server?.stop();
    await f.receiver?.close();
  });
  return f;
}

/** A rule body as the editor would send it; override any part. */
export function cpuRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'CPU high',
    condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90 },
    severity: 'critical',
    ...overrides,
  };
}

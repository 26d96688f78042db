import { afterAll, beforeAll, expect } from 'vitest';
import type { Store } from '@/lib/store/types';
import { openSqliteStoreAt } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { startNextServer, type NextServer } from '../../support/next-server';
import { makeBatch, makeSample, makeSystem } from '../../support/samples';
import { BrowserSession } from '../auth/browser-session';

/**
 * The share suites' world: `next start` on SQLite with a low per-address
 * limit, a signed-in admin, the shared host (with a three-day-old sample, a
 * recent batch with the machine's own hostname and processes) and another
 * host whose name must never reach a viewer.
 */
export const ADMIN = { email: 'share-admin@example.test', password: 'share-admin-password-1' };
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Low enough that flooding is quick; every test uses its own client address. */
export const PER_MINUTE = 60;
export const SECRET_HOSTNAME = 'secret-machine-name.internal';
export const OTHER_HOST = 'db-other-host-not-shared';
export const LABEL = 'label-for-acme-SECRET';

export interface Link {
  token: string;
  url: string;
  path: string;
  share: { id: string; hostId: string };
}

export interface ShareFixture {
  server: NextServer;
  store: Store;
  admin: BrowserSession;
  hostId: string;
  hostToken: string;
  otherId: string;
  otherToken: string;
  /** A link made through the API by the admin, labelled LABEL unless the body says otherwise. */
  createLink(body?: Record<string, unknown>, forHost?: string): Promise<Link>;
  /** A share-scoped API path for the link (the shared host unless `id` is given). */
  api(link: Pick<Link, 'token'>, rest?: string, id?: string): string;
}

/** Registers the suite's beforeAll/afterAll; the fields are there once beforeAll has run. */
export function shareFixture(): ShareFixture {
  const f = {
    async createLink(body: Record<string, unknown> = {}, forHost?: string): Promise<Link> {
      const res = await f.admin.request('POST', `/api/v1/hosts/${forHost ?? f.hostId}/shares`, { body: { label: LABEL, ...body } });
      expect(res.status).toBe(201);
      return res.json;
    },
    api: (link: Pick<Link, 'token'>, rest = '', id?: string) => `/api/v1/share/${link.token}/hosts/${id ?? f.hostId}${rest}`,
  } as ShareFixture;

  beforeAll(async () => {
    f.server = await startNextServer({
      HOSTWATCH_STORE: 'sqlite',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      HOSTWATCH_SHARE_RATE_PER_MIN: String(PER_MINUTE),
    });
    f.store = await openSqliteStoreAt(f.server.dataDir);
    f.admin = new BrowserSession(f.server.url);
    expect((await f.admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const shared = await f.admin.request('POST', '/api/v1/hosts', { body: { name: 'web-shared', tags: ['prod'] } });
    const other = await f.admin.request('POST', '/api/v1/hosts', { body: { name: OTHER_HOST } });
    ({ id: f.hostId, token: f.hostToken } = shared.json);
    ({ id: f.otherId, token: f.otherToken } = other.json);
    const now = Date.now();
    const old = { v: 1, samples: [makeSample(now - 3 * DAY)], counters: { spooled: 0, dropped: 0 } };
    expect((await postIngest(f.server.url, old, { token: f.hostToken })).status).toBe(200);
    expect((await postIngest(f.server.url, { ...makeBatch(now, 12), system: makeSystem(SECRET_HOSTNAME) }, { token: f.hostToken })).status).toBe(200);
    expect((await postIngest(f.server.url, { ...makeBatch(now, 3), system: makeSystem('other-machine') }, { token: f.otherToken })).status).toBe(200);
  });
  afterAll(async () => {
    await f.store?.close();
    await f.server?.stop();
  });
  return f;
}

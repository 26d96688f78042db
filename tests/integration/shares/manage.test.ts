import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, newId } from '@/lib/auth/tokens';
import type { ShareRecord } from '@/lib/store/types';
import { createTestApiToken } from '../../support/hosts';
import { postIngest } from '../../support/http';
import { makeBatch } from '../../support/samples';
import { BrowserSession } from '../auth/browser-session';
import { ADMIN, DAY, HOUR, LABEL, shareFixture } from './fixture';
import { newAddress, viewerRequest } from './viewer-client';

/**
 * Managing share links over real HTTP against `next start`: an admin makes,
 * lists and revokes links (one, all of a host's, with the host), the token
 * is stored hashed, expiry is honoured, and views are counted.
 */
describe('managing share links', () => {
  const f = shareFixture();

  it('creates a link with a 160-bit token shown once, and stores only its SHA-256', async () => {
    const { server, store, admin, hostId, createLink } = f;
    const link = await createLink({ expiresIn: '1d', maxRange: '7d', includeProcesses: true });
    expect(link.token).toMatch(/^hws_[A-Za-z0-9_-]{27}$/);
    expect(link.path).toBe(`/share/${link.token}`);
    expect(link.url).toBe(`${server.url}/share/${link.token}`);
    expect(link.share).toMatchObject({
      hostId,
      hostName: 'web-shared',
      label: LABEL,
      createdBy: { name: 'share-admin', email: ADMIN.email },
      includeProcesses: true,
      maxRangeMs: 7 * DAY,
      lastViewedAt: null,
      viewCount: 0,
      expired: false,
    });
    expect((link.share as unknown as { expiresAt: number }).expiresAt - (link.share as unknown as { createdAt: number }).createdAt).toBe(DAY);

    const record = await store.findShareByHash(hashToken(link.token));
    expect(record?.id).toBe(link.share.id);
    // Every byte the store wrote (database, WAL, shared memory): the token is not there, its hash is.
    const dump = readdirSync(server.dataDir)
      .map((f) => readFileSync(path.join(server.dataDir, f)).toString('latin1'))
      .join('\n');
    expect(dump).not.toContain(link.token);
    expect(dump).not.toContain(link.token.slice(4));
    expect(dump).toContain(hashToken(link.token));

    const lists = [await admin.request('GET', '/api/v1/shares'), await admin.request('GET', `/api/v1/hosts/${hostId}/shares`)];
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.json.shares.map((s: { id: string }) => s.id)).toContain(link.share.id);
      expect(JSON.stringify(list.json)).not.toContain(link.token.slice(4));
      expect(JSON.stringify(list.json)).not.toContain(hashToken(link.token));
    }
  });

  it('refuses bad bodies, unknown hosts, viewers and read tokens', async () => {
    const { server, store, admin, hostId } = f;
    const bad = await admin.request('POST', `/api/v1/hosts/${hostId}/shares`, { body: { expiresIn: '2d', maxRange: '1y' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_body');
    expect(bad.json.error.message).toContain('expiresIn must be one of 1h, 1d, 7d, 30d, never');
    expect(bad.json.error.message).toContain('maxRange must be one of 24h, 7d, 30d');
    expect((await admin.request('POST', '/api/v1/hosts/no-such-host/shares', { body: {} })).status).toBe(404);
    expect((await admin.request('GET', '/api/v1/hosts/no-such-host/shares')).status).toBe(404);
    expect((await admin.request('DELETE', '/api/v1/shares/no-such-share')).status).toBe(404);

    const viewerLogin = { email: 'share-viewer@example.test', password: 'share-viewer-password-1' };
    expect((await admin.request('POST', '/api/v1/users', { body: { ...viewerLogin, role: 'viewer' } })).status).toBe(201);
    const viewer = new BrowserSession(server.url);
    expect((await viewer.signIn(viewerLogin.email, viewerLogin.password)).status).toBe(200);
    const { token: readToken } = await createTestApiToken(store, { scope: 'read' });
    const attempts: [string, string][] = [
      ['POST', `/api/v1/hosts/${hostId}/shares`],
      ['GET', `/api/v1/hosts/${hostId}/shares`],
      ['DELETE', `/api/v1/hosts/${hostId}/shares`],
      ['GET', '/api/v1/shares'],
      ['DELETE', '/api/v1/shares/anything'],
    ];
    for (const [method, p] of attempts) {
      expect({ p, method, status: (await viewer.request(method, p, { body: method === 'POST' ? {} : undefined })).status }).toEqual({ p, method, status: 403 });
      const res = await fetch(server.url + p, { method, headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect({ p, method, status: res.status }).toEqual({ p, method, status: 403 });
    }
  });

  it('an admin API token may create links; they record its owner as creator', async () => {
    const { server, store, hostId } = f;
    const { token, record } = await createTestApiToken(store, { scope: 'admin' });
    const res = await fetch(`${server.url}/api/v1/hosts/${hostId}/shares`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expiresIn: '1h' }),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.share.createdBy.id).toBe(record.userId);
    expect(body.share.label).toBe('');
  });

  it('counts page views and when the link was last opened', async () => {
    const { server, admin, hostId, createLink, api } = f;
    const link = await createLink();
    await viewerRequest(server.url, api(link), newAddress()); // data requests are not views
    const before = Date.now();
    expect((await viewerRequest(server.url, link.path, newAddress())).status).toBe(200);
    expect((await viewerRequest(server.url, link.path, newAddress())).status).toBe(200);
    const list = await admin.request('GET', `/api/v1/hosts/${hostId}/shares`);
    const row = list.json.shares.find((s: { id: string }) => s.id === link.share.id);
    expect(row.viewCount).toBe(2);
    expect(row.lastViewedAt).toBeGreaterThanOrEqual(before);
  });

  it('a revoked link answers 404 on its next request, page and API', async () => {
    const { server, store, admin, createLink, api } = f;
    const link = await createLink();
    const address = newAddress();
    expect((await viewerRequest(server.url, api(link), address)).status).toBe(200);
    const del = await admin.request('DELETE', `/api/v1/shares/${link.share.id}`);
    expect(del.status).toBe(204);
    expect((await viewerRequest(server.url, api(link), address)).status).toBe(404);
    expect((await viewerRequest(server.url, api(link, '/series'), address)).status).toBe(404);
    const page = await viewerRequest(server.url, link.path, address);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link does not work');
    expect((await admin.request('DELETE', `/api/v1/shares/${link.share.id}`)).status).toBe(404);
    expect(await store.findShareByHash(hashToken(link.token))).toBeNull();
  });

  it("revoking all of a host's links leaves other hosts' links working", async () => {
    const { server, admin, otherId, createLink, api } = f;
    const { id: hostB } = (await admin.request('POST', '/api/v1/hosts', { body: { name: 'revoke-all-host' } })).json;
    const a = await createLink({}, hostB);
    const b = await createLink({}, hostB);
    const kept = await createLink({}, otherId);
    const res = await admin.request('DELETE', `/api/v1/hosts/${hostB}/shares`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: 2 });
    const address = newAddress();
    for (const l of [a, b]) expect((await viewerRequest(server.url, api(l, '', hostB), address)).status).toBe(404);
    expect((await viewerRequest(server.url, api(kept, '', otherId), address)).status).toBe(200);
    expect((await admin.request('GET', `/api/v1/hosts/${hostB}/shares`)).json.shares).toEqual([]);
  });

  it("deleting the host revokes its links", async () => {
    const { server, admin, createLink, api } = f;
    const { id, token } = (await admin.request('POST', '/api/v1/hosts', { body: { name: 'short-lived' } })).json;
    expect((await postIngest(server.url, makeBatch(Date.now()), { token })).status).toBe(200);
    const link = await createLink({}, id);
    const address = newAddress();
    expect((await viewerRequest(server.url, api(link, '', id), address)).status).toBe(200);
    expect((await admin.request('DELETE', `/api/v1/hosts/${id}`)).status).toBe(204);
    expect((await viewerRequest(server.url, api(link, '', id), address)).status).toBe(404);
    expect((await viewerRequest(server.url, link.path, address)).status).toBe(404);
  });

  it('an expired link answers 410 and its page says it has expired', async () => {
    const { server, store, admin, hostId, api } = f;
    const token = generateToken('share');
    const record: ShareRecord = {
      id: newId(),
      hostId,
      tokenHash: hashToken(token),
      label: 'expired one',
      createdBy: 'nobody',
      createdAt: Date.now() - 2 * HOUR,
      expiresAt: Date.now() - HOUR,
      includeProcesses: true,
      includeAlerts: false,
      maxRangeMs: DAY,
      lastViewedAt: null,
      viewCount: 0,
    };
    await store.createShare(record);
    const address = newAddress();
    for (const p of [api({ token }), api({ token }, '/series'), api({ token }, '/processes'), `/api/v1/share/${token}`]) {
      const res = await viewerRequest(server.url, p, address);
      expect({ p, status: res.status, code: res.json?.error?.code }).toEqual({ p, status: 410, code: 'share_expired' });
    }
    const page = await viewerRequest(server.url, `/share/${token}`, address);
    expect(page.text).toContain('This link has expired');
    expect(page.text).not.toContain('web-shared');
    expect(page.text).toMatch(/<meta name="robots" content="noindex/);
    const list = await admin.request('GET', '/api/v1/shares');
    expect(list.json.shares.find((s: { id: string }) => s.id === record.id)).toMatchObject({ expired: true, createdBy: { id: 'nobody', name: null, email: null } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextServer, type NextServer } from '../../support/next-server';
import { BrowserSession } from './browser-session';

/**
 * The sign-in page over HTTP (issue #12, items 1 and 6): where it sends
 * someone already signed in, whatever `callbackUrl` holds, and what it
 * answers while the store is down. tests/e2e/open-redirect.spec.ts has
 * Chromium follow the redirect after signing in.
 */
const ADMIN = { email: 'admin@example.test', password: 'admin-password-123' };

describe('/login when already signed in', () => {
  let server: NextServer;
  let admin: BrowserSession;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = new BrowserSession(server.url);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const loginWith = (callbackUrl: string) => admin.request('GET', `/login?callbackUrl=${callbackUrl}`);

  it('goes on to a path of this server', async () => {
    const res = await loginWith(encodeURIComponent('/settings/tokens?x=1'));
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/settings/tokens?x=1');
  });

  it.each([
    ['a tab', '/%09/evil.example/x'],
    ['a newline', '/%0a/evil.example/x'],
    ['a carriage return', '/%0d/evil.example/x'],
    ['a backslash', '/%5Cevil.example/x'],
    ['a leading space', '%20//evil.example/x'],
    ['a dot segment', '/.//evil.example/x'],
    ['another origin', 'https%3A%2F%2Fevil.example%2Fx'],
  ])('sends %s to / (never to another host), and never answers 500', async (_what, callbackUrl) => {
    const res = await loginWith(callbackUrl);
    expect(res.status).toBe(307);
    const location = res.headers.get('location')!;
    expect(location).toBe('/');
  });

  it('encodes non-ASCII and control characters instead of failing on them', async () => {
    const res = await loginWith('/hosts/%C3%BC%0d%0aSet-Cookie:%20x=1');
    expect(res.status).toBe(307);
    const location = res.headers.get('location')!;
    expect(new URL(location, server.url).origin).toBe(server.url);
    expect(location).toMatch(/^\/hosts\/%C3%BC/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('x='))).toBe(false);
  });
});

describe('/login while the store is down', () => {
  let server: NextServer;
  beforeAll(async () => {
    // Nothing listens on port 1: every store call fails as an outage.
    server = await startNextServer({ HOSTWATCH_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a readable "the store is not answering" page with 503 and Retry-After, keeping where the visitor was going', async () => {
    const first = await fetch(`${server.url}/login?callbackUrl=%2Fsettings%2Ftokens`, { redirect: 'manual' });
    await first.body?.cancel();
    expect(first.status).toBe(307);
    expect(first.headers.get('location')).toBe('/login/unavailable?callbackUrl=%2Fsettings%2Ftokens');

    const res = await fetch(`${server.url}/login?callbackUrl=%2Fsettings%2Ftokens`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('The data store is not answering.');
    expect(html).toContain('href="/login?callbackUrl=%2Fsettings%2Ftokens"');
    expect(html).not.toMatch(/<script/i);
  });

  it('never carries a callback to another host onto the outage page', async () => {
    const res = await fetch(`${server.url}/login/unavailable?callbackUrl=%2F%09%2Fevil.example%2Fx`);
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).not.toContain('evil.example');
    expect(html).toContain('href="/login"');
  });

  it('sends a visitor back to sign in once the store answers', async () => {
    const healthy = await startNextServer({ HOSTWATCH_STORE: 'sqlite' });
    try {
      const res = await fetch(`${healthy.url}/login/unavailable?callbackUrl=%2Fhosts`, { redirect: 'manual' });
      await res.body?.cancel();
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe('/login?callbackUrl=%2Fhosts');
    } finally {
      await healthy.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_MAX_ATTEMPTS } from '@/lib/auth/login-limit';
import { startNextServer, type NextServer } from '../../support/next-server';
import { BrowserSession } from './browser-session';

/**
 * The default deployment trusts no proxy (HOSTWATCH_TRUSTED_PROXIES unset):
 * the socket's peer is the client, whatever X-Forwarded-For says. The issue's
 * reproduction was 40 accounts × 40 forged X-Forwarded-For values → 40× 401,
 * 0× 429: every forged value had a fresh per-address limit.
 */
describe('sign-in spraying behind forged X-Forwarded-For', () => {
  let server: NextServer;
  beforeAll(async () => {
    server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', HOSTWATCH_TRUSTED_PROXIES: '', ADMIN_EMAIL: 'admin@example.test', ADMIN_PASSWORD: 'admin-password-123' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('counts every attempt under the socket address, so forged hops buy no fresh limits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Each attempt claims another client address and tries another account.
      const attacker = new BrowserSession(server.url, `203.0.113.${i + 1}, 198.51.100.${i + 1}`);
      const res = await attacker.signIn(`account-${i}@example.test`, `guess-${i}-password`);
      statuses.push(res.status);
      if (res.status === 429) expect(res.json.error.message).toMatch(/from your network/);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(ADDRESS_MAX_ATTEMPTS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - ADDRESS_MAX_ATTEMPTS);
    expect(statuses.slice(ADDRESS_MAX_ATTEMPTS).every((s) => s === 429)).toBe(true);
  });

  it('says once in the log that it ignores forwarded headers, and how to trust a proxy', () => {
    const warnings = server.output().match(/ignoring X-Forwarded-For from 127\.0\.0\.1; if that is a proxy you run, list it in HOSTWATCH_TRUSTED_PROXIES/g) ?? [];
    expect(warnings).toHaveLength(1);
  });
});

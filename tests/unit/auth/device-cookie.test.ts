import { describe, expect, it } from 'vitest';
import { DEVICE_COOKIE_MAX_AGE_S, issueDeviceToken, readDeviceToken } from '@/lib/auth/device-cookie';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = 1_700_000_000_000;

describe('the known-device cookie', () => {
  it('names its device for the account it was issued to, until it expires', () => {
    const value = issueDeviceToken(SECRET, 'Owner@Example.test', NOW, 'device-12345678');
    expect(readDeviceToken(SECRET, value, 'owner@example.test ', NOW + 1000)).toBe('device-12345678');
    expect(readDeviceToken(SECRET, value, 'owner@example.test', NOW + DEVICE_COOKIE_MAX_AGE_S * 1000)).toBeNull();
    expect(value).not.toContain('owner');
  });

  it('counts for no other account, under no other secret, and not when altered', () => {
    const value = issueDeviceToken(SECRET, 'owner@example.test', NOW);
    expect(readDeviceToken(SECRET, value, 'someone@example.test', NOW)).toBeNull();
    expect(readDeviceToken(`${SECRET}-other`, value, 'owner@example.test', NOW)).toBeNull();
    const parts = value.split('.');
    const longer = [...parts.slice(0, 3), String(NOW + 10 * DEVICE_COOKIE_MAX_AGE_S * 1000), parts[4]].join('.');
    expect(readDeviceToken(SECRET, longer, 'owner@example.test', NOW)).toBeNull();
    for (const junk of ['', 'd1', 'd1.a.b.c.d', 'x'.repeat(300), `${value}x`]) expect(readDeviceToken(SECRET, junk, 'owner@example.test', NOW)).toBeNull();
  });

  it('gives each new device its own random id', () => {
    const a = readDeviceToken(SECRET, issueDeviceToken(SECRET, 'o@example.test', NOW), 'o@example.test', NOW);
    const b = readDeviceToken(SECRET, issueDeviceToken(SECRET, 'o@example.test', NOW), 'o@example.test', NOW);
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(a).not.toBe(b);
  });
});

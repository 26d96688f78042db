import { describe, expect, it } from 'vitest';
import { serverUrlFrom } from '@/lib/accounts/server-url';
import { peerIsTrusted } from '@/lib/auth/forwarded';

/** The URL put in install commands when NEXTAUTH_URL is not set (lib/accounts/server-url.ts). */
const facts = (over: Partial<Parameters<typeof serverUrlFrom>[0]> = {}) => ({
  configured: undefined,
  requestUrl: 'http://10.0.0.5:3000/api/v1/hosts',
  forwardedHost: 'watch.example.com',
  forwardedProto: 'https',
  viaTrustedProxy: false,
  ...over,
});

describe('the public server URL', () => {
  it('is the configured URL whatever the request says', () => {
    expect(serverUrlFrom(facts({ configured: 'https://hw.example.org/', viaTrustedProxy: true }))).toBe('https://hw.example.org');
  });

  it('ignores X-Forwarded-Host and -Proto unless a trusted proxy sent them', () => {
    expect(serverUrlFrom(facts())).toBe('http://10.0.0.5:3000');
    expect(serverUrlFrom(facts({ viaTrustedProxy: true }))).toBe('https://watch.example.com');
    expect(serverUrlFrom(facts({ viaTrustedProxy: true, forwardedProto: null }))).toBe('http://watch.example.com');
  });

  it('takes the first forwarded value and refuses hosts or schemes that are not plain', () => {
    expect(serverUrlFrom(facts({ viaTrustedProxy: true, forwardedHost: 'a.example:8443, b.example' }))).toBe('https://a.example:8443');
    for (const forwardedHost of ['evil.example/path', 'x@evil.example', 'a b', 'evil.example"; rm -rf /', '']) {
      expect(serverUrlFrom(facts({ viaTrustedProxy: true, forwardedHost }))).toBe('http://10.0.0.5:3000');
    }
    expect(serverUrlFrom(facts({ viaTrustedProxy: true, forwardedProto: 'javascript' }))).toBe('http://watch.example.com');
    expect(serverUrlFrom(facts({ viaTrustedProxy: true, forwardedHost: '[2001:db8::1]:3000' }))).toBe('https://[2001:db8::1]:3000');
  });
});

describe('a trusted peer', () => {
  it('is one HOSTWATCH_TRUSTED_PROXIES lists (or any on Vercel, whose edge sets the headers)', () => {
    const list = { kind: 'list' as const, entries: ['127.0.0.1', '10.0.0.0/8'] };
    expect(peerIsTrusted('127.0.0.1', list)).toBe(true);
    expect(peerIsTrusted('::ffff:10.2.3.4', list)).toBe(true);
    expect(peerIsTrusted('203.0.113.7', list)).toBe(false);
    expect(peerIsTrusted(null, list)).toBe(false);
    expect(peerIsTrusted('127.0.0.1', { kind: 'none' })).toBe(false);
    expect(peerIsTrusted(null, { kind: 'vercel' })).toBe(true);
  });
});

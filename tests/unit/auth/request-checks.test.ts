import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/client-address';
import { contentSecurityPolicy, newNonce } from '@/lib/auth/csp';
import { loginLimitKeys } from '@/lib/auth/login-limit';
import { originVerdict } from '@/lib/auth/origin';
import { newSetupCode } from '@/lib/accounts/first-admin';
import { passwordVersion } from '@/lib/auth/sign-in';

const post = (headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/v1/users') => new Request(url, { method: 'POST', headers });

describe('origin check', () => {
  it('accepts this server and its public URL', () => {
    expect(originVerdict(post({ origin: 'http://127.0.0.1:3000' }))).toBe('same-origin');
    expect(originVerdict(post({ origin: 'https://watch.example.com' }), 'https://watch.example.com/')).toBe('same-origin');
    expect(
      originVerdict(post({ origin: 'https://watch.example.com', 'x-forwarded-host': 'watch.example.com', 'x-forwarded-proto': 'https' })),
    ).toBe('same-origin');
  });

  it('refuses other sites, opaque origins and cross-site fetch metadata', () => {
    expect(originVerdict(post({ origin: 'https://evil.example' }))).toBe('cross-origin');
    expect(originVerdict(post({ origin: 'http://127.0.0.1:3001' }))).toBe('cross-origin');
    expect(originVerdict(post({ origin: 'null' }))).toBe('cross-origin');
    expect(originVerdict(post({ 'sec-fetch-site': 'cross-site' }))).toBe('cross-origin');
    expect(originVerdict(post({ 'sec-fetch-site': 'same-origin' }))).toBe('same-origin');
  });

  it('cannot tell for non-browser clients that send neither header', () => {
    expect(originVerdict(post({}))).toBe('unknown');
  });
});

describe('client address', () => {
  it('believes no forwarded header when no proxy is trusted (the default): a client cannot pick its address', () => {
    // No socket peer stamped on these headers (tests/unit/auth/peer-address.test.ts has a real server), so: unknown.
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }))).toBe('unknown');
    expect(clientAddress({ 'x-real-ip': '198.51.100.2', 'x-vercel-forwarded-for': '198.51.100.3' })).toBe('unknown');
    expect(clientAddress({ 'x-hostwatch-peer': 'forged 203.0.113.9' })).toBe('unknown');
    expect(clientAddress({})).toBe('unknown');
  });
});

describe('login limit keys', () => {
  it('are per account (case-insensitive, email hashed) and per address', () => {
    const a = loginLimitKeys('Jane@Example.com', '203.0.113.7');
    const b = loginLimitKeys('jane@example.com ', '203.0.113.8');
    expect(a.account).toBe(b.account);
    expect(a.slot).toBe(b.slot);
    expect(a.slot).not.toBe(a.account);
    expect(a.account).not.toContain('jane');
    expect(a.address).not.toBe(b.address);
  });
});

describe('content security policy', () => {
  it('has no unsafe-eval in production, no inline scripts, and forbids framing', () => {
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce, { dev: false, https: true });
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(new RegExp(`script-src 'self' 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}' 'strict-dynamic'(;|$)`));
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy(nonce, { dev: false, https: false })).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy(nonce, { dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it('uses a fresh nonce each time', () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), 'base64')).toHaveLength(16);
  });
});

describe('setup code', () => {
  it('has 100 bits in four groups of five unambiguous characters', () => {
    const code = newSetupCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){3}$/);
    expect(new Set(Array.from({ length: 200 }, newSetupCode)).size).toBe(200);
  });
});

describe('password version', () => {
  it('changes with the hash and does not reveal it', () => {
    expect(passwordVersion('scrypt$a')).not.toBe(passwordVersion('scrypt$b'));
    expect(passwordVersion('scrypt$a')).toHaveLength(16);
    expect(passwordVersion('scrypt$a')).not.toContain('scrypt');
  });
});

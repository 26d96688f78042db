import { describe, expect, it } from 'vitest';
import { addressKey, normalizeAddress, resolveClientAddress } from '@/lib/auth/forwarded';
import type { TrustedProxies } from '@/lib/config';

/**
 * Which client a request counts as (lib/auth/forwarded.ts). The issue's
 * reproduction: 40 forged X-Forwarded-For values had 40 fresh sign-in limits.
 */
const none: TrustedProxies = { kind: 'none' };
const proxies = (...entries: string[]): TrustedProxies => ({ kind: 'list', entries });

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever the forwarded headers claim', () => {
    const keys = new Set(
      Array.from({ length: 40 }, (_, i) => resolveClientAddress({ peer: '198.51.100.4', forwardedFor: `203.0.113.${i}`, realIp: `192.0.2.${i}` }, none)),
    );
    expect([...keys]).toEqual(['198.51.100.4']);
    expect(resolveClientAddress({ peer: null, forwardedFor: '203.0.113.1' }, none)).toBe('unknown');
  });

  it('behind trusted proxies is the first untrusted hop from the right; what the client put on the left is never read', () => {
    const trust = proxies('127.0.0.1', '10.0.0.0/8');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '203.0.113.7' }, trust)).toBe('203.0.113.7');
    // The client claimed 1.2.3.4; the proxy appended what it saw.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4, 203.0.113.7' }, trust)).toBe('203.0.113.7');
    // Two proxies: a load balancer in 10/8 in front of the local one.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4, 203.0.113.7, 10.1.2.3' }, trust)).toBe('203.0.113.7');
    // Garbage is not an address a proxy wrote: the last proxy-written hop stands.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: 'not-an-ip, 10.1.2.3' }, trust)).toBe('10.1.2.3');
    // A request that did not come through a trusted proxy: its headers are the client's own.
    expect(resolveClientAddress({ peer: '198.51.100.9', forwardedFor: '203.0.113.7' }, trust)).toBe('198.51.100.9');
    // Through the proxy with no header at all: the proxy is all we know.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: null }, trust)).toBe('127.0.0.1');
  });

  it('on Vercel is what the platform says (it overwrites X-Forwarded-For), not the bridge peer', () => {
    const vercel: TrustedProxies = { kind: 'vercel' };
    expect(resolveClientAddress({ peer: '127.0.0.1', vercelForwardedFor: '203.0.113.5', forwardedFor: '203.0.113.6' }, vercel)).toBe('203.0.113.5');
    expect(resolveClientAddress({ peer: '127.0.0.1', realIp: '203.0.113.6' }, vercel)).toBe('203.0.113.6');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '203.0.113.8, 10.0.0.1' }, vercel)).toBe('203.0.113.8');
  });

  it('counts an IPv6 client by its /64, so one subscriber cannot rotate through 2^64 addresses', () => {
    const keys = new Set(['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002::abcd'].map((peer) => resolveClientAddress({ peer }, none)));
    expect([...keys]).toEqual(['2001:db8:1:2::/64']);
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('normalizes what proxies write: IPv4-mapped IPv6, ports, brackets, zones; refuses the rest', () => {
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress(' 192.0.2.1:5678 ')).toBe('192.0.2.1');
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    for (const bad of ['', 'unknown', 'A'.repeat(500), '192.0.2.256', '1.2.3.4.5', '<script>']) expect(normalizeAddress(bad)).toBeNull();
  });
});

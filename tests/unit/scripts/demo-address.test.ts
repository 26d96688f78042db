import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { demoAddress } from '../../../scripts/demo-address';

/** Where README line A's demo listens and what URL it gives other machines (scripts/demo-address.ts). */
const nic = (address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4') => ({ address, internal, family }) as NetworkInterfaceInfo;
const interfaces = { lo: [nic('127.0.0.1', true)], eth0: [nic('fe80::1', false, 'IPv6'), nic('192.168.1.20')] };

describe('the demo address', () => {
  it('is loopback on port 3000 by default, and says so', () => {
    expect(demoAddress({}, interfaces)).toEqual({ ok: true, host: '127.0.0.1', port: 3000, url: 'http://127.0.0.1:3000', loopbackOnly: true });
  });

  it('on a wildcard bind announces the first LAN IPv4 address, or the public URL when given', () => {
    expect(demoAddress({ HOST: '0.0.0.0', PORT: '8080' }, interfaces)).toMatchObject({ ok: true, host: '0.0.0.0', port: 8080, url: 'http://192.168.1.20:8080', loopbackOnly: false });
    expect(demoAddress({ HOST: '0.0.0.0', HOSTWATCH_PUBLIC_URL: 'https://hw.example.org/x' }, interfaces)).toMatchObject({ url: 'https://hw.example.org' });
    expect(demoAddress({ HOST: '::' }, { lo: [nic('127.0.0.1', true)] })).toMatchObject({ url: 'http://127.0.0.1:3000' });
    expect(demoAddress({ HOST: '10.0.0.7' }, interfaces)).toMatchObject({ url: 'http://10.0.0.7:3000', loopbackOnly: false });
  });

  it('refuses a port or host it cannot use, naming the setting', () => {
    for (const PORT of ['0', '70000', 'abc', '30 00']) {
      const r = demoAddress({ PORT }, interfaces);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toContain('PORT');
    }
    expect(demoAddress({ HOST: 'a b' }, interfaces)).toMatchObject({ ok: false, error: expect.stringContaining('HOST') });
    expect(demoAddress({ HOSTWATCH_PUBLIC_URL: 'ftp://x' }, interfaces)).toMatchObject({ ok: false, error: expect.stringContaining('HOSTWATCH_PUBLIC_URL') });
    expect(demoAddress({ HOSTWATCH_PUBLIC_URL: 'not a url' }, interfaces)).toMatchObject({ ok: false });
  });
});

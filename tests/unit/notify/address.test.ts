import { describe, expect, it } from 'vitest';
import { classifyAddress, parseCidr, parseIp } from '@/lib/notify/address';
import { DeliveryFailure } from '@/lib/notify/failure';
import { judgeAddress, policyFromSetting, STRICT_POLICY } from '@/lib/notify/policy';
import { resolveTarget } from '@/lib/notify/resolve-target';
import { safeFetch } from '@/lib/notify/safe-fetch';
import { parseConfig } from '@/lib/config';

const TABLE: [string, string][] = [
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'private'],
  ['100.127.255.255', 'private'],
  ['100.128.0.1', 'public'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['169.254.1.1', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.10', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['2606:4700:4700::1111', 'public'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fd00:ec2::254', 'metadata'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ['100::1', 'reserved'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:a9fe:a9fe', 'metadata'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['2002:7f00:0001::1', 'loopback'],
  ['2002:0808:0808::1', 'public'],
  ['::127.0.0.1', 'reserved'],
  ['3fff::1', 'public'],
  ['4000::1', 'reserved'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)?.class).toBe(expected);
  });

  it('is null for anything that is not an IP address', () => {
    for (const text of ['localhost', '0x7f.1', '2130706433', '127.1', '1.2.3', '::g', '']) expect(classifyAddress(text)).toBeNull();
  });

  it('parses IPv6 with an embedded IPv4 tail to the same number as its hex form', () => {
    expect(parseIp('::ffff:192.168.0.1')).toEqual(parseIp('::ffff:c0a8:1'));
    expect(parseIp('1:2:3:4:5:6:7.8.9.10')).toEqual(parseIp('1:2:3:4:5:6:708:90a'));
    expect(parseIp('[::1]')).toEqual({ version: 6, value: 1n });
  });
});

describe('numeric host forms of 127.0.0.1 in URLs', () => {
  // new URL() canonicalizes these to 127.0.0.1 before anything resolves them; the check sees what the socket would.
  it.each(['http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.1/', 'http://0x7f000001/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]:8080/'])(
    '%s is refused as loopback without a connection',
    async (url) => {
      const err = await safeFetch({ url, policy: STRICT_POLICY, timeoutMs: 1000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryFailure);
      expect((err as DeliveryFailure).message).toMatch(/loopback address \(HOSTWATCH_ALERTS_ALLOW_PRIVATE can allow it\)/);
      expect((err as DeliveryFailure).retryable).toBe(false);
    },
  );

  // Outside URLs (an SMTP host) nothing canonicalizes them; the system resolver reads them as 127.0.0.1 (glibc's inet_aton),
  // and that address, the one that would be connected to, is what gets judged.
  it.each(['2130706433', '0x7f.1', '0177.0.0.1', '127.1'])('the SMTP-style host %s is judged by the address it resolves to', async (host) => {
    await expect(resolveTarget(host, STRICT_POLICY)).rejects.toThrow(`refused: ${host} resolves to 127.0.0.1, a loopback address (HOSTWATCH_ALERTS_ALLOW_PRIVATE can allow it)`);
  });

  it('refuses metadata by name before resolving it, and by number', async () => {
    for (const url of ['http://metadata.google.internal/computeMetadata/v1/', 'http://METADATA.google.internal./', 'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/']) {
      const err = (await safeFetch({ url, policy: policyFromSetting(['*']), timeoutMs: 1000 }).catch((e: unknown) => e)) as DeliveryFailure;
      expect(err.message).toMatch(/cloud metadata .*never allowed/);
    }
  });

  it('refuses other schemes', async () => {
    const err = (await safeFetch({ url: 'file:///etc/passwd', policy: STRICT_POLICY, timeoutMs: 1000 }).catch((e: unknown) => e)) as DeliveryFailure;
    expect(err.message).toBe('file: URLs cannot be used, only http: and https:');
  });
});

describe('address policy', () => {
  it('refuses loopback and private ranges by default, naming the setting', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '::1', 'fd00::1', '::ffff:192.168.0.1']) {
      const v = judgeAddress(a, STRICT_POLICY);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.reason).toContain('HOSTWATCH_ALERTS_ALLOW_PRIVATE');
    }
    expect(judgeAddress('8.8.8.8', STRICT_POLICY).ok).toBe(true);
  });

  it('allows only the listed CIDRs, matching mapped IPv6 forms of an allowed IPv4 block', () => {
    const policy = policyFromSetting(['10.0.0.0/8', '127.0.0.1/32', 'fd00::/8']);
    expect(judgeAddress('10.200.0.1', policy).ok).toBe(true);
    expect(judgeAddress('127.0.0.1', policy).ok).toBe(true);
    expect(judgeAddress('::ffff:127.0.0.1', policy).ok).toBe(true);
    expect(judgeAddress('127.0.0.2', policy).ok).toBe(false);
    expect(judgeAddress('192.168.0.1', policy).ok).toBe(false);
    expect(judgeAddress('fd12::1', policy).ok).toBe(true);
    expect(judgeAddress('fc00::1', policy).ok).toBe(false);
  });

  it('never allows metadata, link-local, multicast or unspecified addresses, not even with * or a CIDR over them', () => {
    const policy = policyFromSetting(['*', '169.254.0.0/16', 'fe80::/10', '0.0.0.0/0', '::/0']);
    for (const a of ['169.254.169.254', '169.254.10.10', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '::ffff:169.254.169.254', '100.100.100.200']) {
      const v = judgeAddress(a, policy);
      expect(v.ok, a).toBe(false);
      if (!v.ok) expect(v.reason).toMatch(/never allowed/);
    }
    expect(judgeAddress('192.168.5.5', policy).ok).toBe(true);
    expect(judgeAddress('::1', policy).ok).toBe(true);
  });

  it('masks host bits of a CIDR and refuses malformed entries', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ version: 4, base: 10n << 24n, bits: 8 });
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('fe80::1%eth0/64')).toBeNull();
    expect(() => policyFromSetting(['10.0.0.0'])).toThrow(/"10.0.0.0" is not a CIDR/);
  });

  it('reads HOSTWATCH_ALERTS_ALLOW_PRIVATE from the configuration, naming a bad entry', () => {
    expect(parseConfig({}).notify.allowPrivate).toEqual([]);
    expect(parseConfig({ HOSTWATCH_ALERTS_ALLOW_PRIVATE: '10.0.0.0/8, fd00::/8' }).notify.allowPrivate).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(parseConfig({ HOSTWATCH_ALERTS_ALLOW_PRIVATE: '*' }).notify.allowPrivate).toEqual(['*']);
    expect(() => parseConfig({ HOSTWATCH_ALERTS_ALLOW_PRIVATE: '10.0.0.0/8,lan' })).toThrow(
      /HOSTWATCH_ALERTS_ALLOW_PRIVATE has "lan", which is neither \* nor a CIDR/,
    );
    // Every form the configuration accepts, the policy parses.
    const entries = parseConfig({ HOSTWATCH_ALERTS_ALLOW_PRIVATE: '10.0.0.0/8,192.168.1.0/24,fd00::/8,::1/128,::ffff:127.0.0.1/128,*' }).notify.allowPrivate;
    expect(() => policyFromSetting(entries)).not.toThrow();
  });
});

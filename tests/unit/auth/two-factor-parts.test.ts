import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from '@/lib/auth/recovery-codes';
import { openSecret, sealSecret } from '@/lib/auth/secret-box';
import { mustEnrol } from '@/lib/auth/two-factor-policy';

describe('recovery codes', () => {
  it('makes ten different codes of 80 bits, in four groups of four', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  });
  it('reads a code however it is typed, and nothing that cannot be one', () => {
    expect(normalizeRecoveryCode(' ABCD-efgh 2345-6777 ')).toBe('abcdefgh23456777');
    for (const bad of ['', 'abcd-efgh-2345', 'abcd-efgh-2345-67770', 'abcd-efgh-2345-678!', '123456', 'abcd-efgh-2345-6781']) {
      expect(normalizeRecoveryCode(bad)).toBeNull();
    }
  });
  it('hashes with the server secret and the user: the same code of another user or server is another hash', () => {
    const h = hashRecoveryCode('u1', 'abcd-efgh-2345-6777', 's1');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('u1', 'ABCDEFGH23456777', 's1')).toBe(h);
    expect(hashRecoveryCode('u2', 'abcd-efgh-2345-6777', 's1')).not.toBe(h);
    expect(hashRecoveryCode('u1', 'abcd-efgh-2345-6777', 's2')).not.toBe(h);
  });
});

describe('sealed TOTP secrets', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  it('opens only for the same user under the same server secret', () => {
    const sealed = sealSecret(secret, 'u1', 'server-secret-a');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(secret);
    expect(openSecret(sealed, 'u1', 'server-secret-a')).toBe(secret);
    expect(openSecret(sealed, 'u2', 'server-secret-a')).toBeNull();
    expect(openSecret(sealed, 'u1', 'server-secret-b')).toBeNull();
    expect(sealSecret(secret, 'u1', 'server-secret-a')).not.toBe(sealed);
  });
  it('refuses a changed or malformed box', () => {
    const sealed = sealSecret(secret, 'u1', 'k');
    const [v, iv, body, tag] = sealed.split('.');
    // Flip a decoded byte: a changed last base64 character may differ only in padding bits.
    const bytes = Buffer.from(body!, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    const flipped = bytes.toString('base64url');
    expect(openSecret([v, iv, flipped, tag].join('.'), 'u1', 'k')).toBeNull();
    for (const bad of ['', 'v1', 'v2.a.b.c', `${sealed}.extra`, 'plain-secret']) expect(openSecret(bad, 'u1', 'k')).toBeNull();
  });
});

describe('mustEnrol', () => {
  it('holds back a user only when required and not enabled', () => {
    expect(mustEnrol(false, null)).toBe(false);
    expect(mustEnrol(false, { enabled: false })).toBe(false);
    expect(mustEnrol(true, null)).toBe(true);
    expect(mustEnrol(true, { enabled: false })).toBe(true);
    expect(mustEnrol(true, { enabled: true })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { bearerToken, generateToken, hashToken, tokenKind } from '@/lib/auth/tokens';

describe('tokens', () => {
  it('carry at least 128 random bits behind a prefix that names their kind', () => {
    const token = generateToken('host');
    expect(token.startsWith('hwh_')).toBe(true);
    const randomPart = Buffer.from(token.slice(4), 'base64url');
    expect(randomPart.length * 8).toBeGreaterThanOrEqual(128);
    expect(new Set(Array.from({ length: 1000 }, () => generateToken('api'))).size).toBe(1000);
    expect(tokenKind(generateToken('share'))).toBe('share');
    expect(tokenKind('nonsense')).toBeNull();
  });

  it('hash to a stable SHA-256 hex that does not contain the token', () => {
    const token = generateToken('api');
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token.slice(4, 12));
  });

  it('are read from a Bearer header only', () => {
    expect(bearerToken(new Headers({ authorization: 'Bearer abc.def' }))).toBe('abc.def');
    expect(bearerToken(new Headers({ authorization: 'bearer  abc ' }))).toBe('abc');
    expect(bearerToken(new Headers({ authorization: 'Basic abc' }))).toBeNull();
    expect(bearerToken(new Headers({}))).toBeNull();
  });
});

describe('passwords', () => {
  it('verify the right password and refuse a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
  });

  it('salt each hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });
});

import { describe, expect, it } from 'vitest';
import { generateHostToken, generateToken, hashToken, hostOfToken, tokenKind } from '@/lib/auth/tokens';

describe('host tokens name their host', () => {
  it('carries the host id before 160 random bits, and reads it back, whatever `_` and `-` the id holds', () => {
    for (const id of ['abcDEF123456', 'a_b-c_d', '_', 'x'.repeat(64)]) {
      const token = generateHostToken(id);
      expect(token).toMatch(/^hwh_.+_[A-Za-z0-9_-]{27}$/);
      expect(tokenKind(token)).toBe('host');
      expect(hostOfToken(token)).toBe(id);
    }
    const a = generateHostToken('same');
    const b = generateHostToken('same');
    expect(a).not.toBe(b);
    expect(hashToken(a)).not.toBe(hashToken(b));
  });

  it('names no host for tokens of the older form, other kinds and misfits', () => {
    expect(hostOfToken(generateToken('host'))).toBeNull();
    expect(hostOfToken(generateToken('api'))).toBeNull();
    expect(hostOfToken(`hwa_abc_${'A'.repeat(27)}`)).toBeNull();
    expect(hostOfToken(`hwh__${'A'.repeat(27)}`)).toBeNull(); // no id
    expect(hostOfToken(`hwh_abc_${'A'.repeat(26)}`)).toBeNull(); // secret too short
    expect(hostOfToken(`hwh_a.b_${'A'.repeat(27)}`)).toBeNull(); // id outside the alphabet
    expect(hostOfToken(`hwh_${'x'.repeat(65)}_${'A'.repeat(27)}`)).toBeNull(); // id too long
    expect(hostOfToken(`hwh_abc_${'A'.repeat(26)}!`)).toBeNull();
  });

  it('refuses to put an id outside the alphabet in a token', () => {
    expect(() => generateHostToken('a b')).toThrow(/cannot travel in a token/);
    expect(() => generateHostToken('')).toThrow(/cannot travel in a token/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  base32Decode, base32Encode, generateTotpSecret, groupedKey, hotp, matchTotpStep, otpauthUri, totpAtStep, totpCode, totpStep,
  type TotpAlgorithm,
} from '@/lib/auth/totp';

const ascii = (s: string) => Buffer.from(s, 'ascii');

describe('HOTP (RFC 4226 appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code]))('counter %i gives %s', (counter, code) => {
    expect(hotp(ascii('12345678901234567890'), counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238 appendix B, 8 digits)', () => {
  const seeds: Record<TotpAlgorithm, string> = {
    sha1: '12345678901234567890',
    sha256: '12345678901234567890123456789012',
    sha512: '1234567890123456789012345678901234567890123456789012345678901234',
  };
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)('at %i s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000);
    expect(totpAtStep(ascii(seeds.sha1), step, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totpAtStep(ascii(seeds.sha256), step, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totpAtStep(ascii(seeds.sha512), step, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('reads the SHA-1 seed from base32 as apps do (6 digits: the last six of the 8-digit vector)', () => {
    const secret = base32Encode(ascii(seeds.sha1));
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(totpCode(secret, 1111111109_000)).toBe('081804');
  });
});

describe('base32', () => {
  it('round-trips any length and ignores case, spaces, dashes and padding', () => {
    for (let n = 0; n <= 21; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      const text = base32Encode(bytes);
      expect(base32Decode(text)).toEqual(bytes);
      expect(base32Decode(` ${groupedKey(text).toLowerCase()}==`)).toEqual(bytes);
    }
    expect(base32Encode(ascii('foobar'))).toBe('MZXW6YTBOI');
  });
  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('ABC1')).toThrow(/base32 character/);
  });
  it('makes 160-bit secrets, different each time', () => {
    const a = generateTotpSecret();
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).toHaveLength(32);
    expect(generateTotpSecret()).not.toBe(a);
  });
});

describe('matchTotpStep', () => {
  const secret = base32Encode(ascii('12345678901234567890'));
  const now = 1_700_000_015_000;
  const step = totpStep(now);
  const codeAt = (s: number) => totpAtStep(base32Decode(secret), s);

  it('accepts the current step and one either side, and says which', () => {
    expect(matchTotpStep(secret, codeAt(step), now)).toBe(step);
    expect(matchTotpStep(secret, codeAt(step - 1), now)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(step + 1), now)).toBe(step + 1);
  });
  it('refuses two steps away, wrong codes and malformed input', () => {
    expect(matchTotpStep(secret, codeAt(step - 2), now)).toBeNull();
    expect(matchTotpStep(secret, codeAt(step + 2), now)).toBeNull();
    const wrong = String((Number(codeAt(step)) + 1) % 1_000_000).padStart(6, '0');
    expect([codeAt(step - 1), codeAt(step + 1)]).not.toContain(wrong);
    expect(matchTotpStep(secret, wrong, now)).toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', '12345x']) expect(matchTotpStep(secret, bad, now)).toBeNull();
  });
  it('accepts a code typed with a space in the middle', () => {
    const code = codeAt(step);
    expect(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
  });
  it('follows the injected clock across a step boundary', () => {
    const boundary = (step + 1) * 30_000;
    expect(matchTotpStep(secret, codeAt(step - 1), boundary - 1)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(step - 1), boundary)).toBeNull();
  });
});

describe('otpauthUri', () => {
  it('names issuer and account and carries the parameters apps read', () => {
    const text = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'ann@example.test', issuer: 'Hostwatch' });
    expect(text.startsWith('otpauth://totp/Hostwatch:ann%40example.test?')).toBe(true);
    const uri = new URL(text);
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('Hostwatch');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
  });
});

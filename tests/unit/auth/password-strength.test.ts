import { describe, expect, it } from 'vitest';
import { weakPasswordReason } from '@/lib/auth/password-strength';

/** The obviously weak passwords refused before hashing (lib/auth/password-strength.ts), with the reason in words. */
describe('a weak password', () => {
  it('is one character repeated, the email, or its name part', async () => {
    expect(await weakPasswordReason('aaaaaaaaaaaa', 'ops@example.com')).toBe('must not be one character repeated');
    expect(await weakPasswordReason('Ops@Example.com', 'ops@example.com')).toBe('must not be your email');
    expect(await weakPasswordReason('margaret.h', 'margaret.h@example.com')).toBe('must not be your email');
  });

  it('is a common password or a small change to one, said in words', async () => {
    expect(await weakPasswordReason('password123', 'ops@example.com')).toMatch(/^is too easy to guess: it is a commonly used password/);
    expect(await weakPasswordReason('qwertyuiop', 'ops@example.com')).toMatch(/^is too easy to guess: it is one of the hundred most used passwords/);
    expect(await weakPasswordReason('Password1!', 'ops@example.com')).toMatch(/small change to a commonly used password/);
    expect(await weakPasswordReason('1234567890', 'ops@example.com')).toMatch(/^is too easy to guess/);
  });

  it('is not a phrase of unrelated words or a random string, however long', async () => {
    for (const ok of ['correct horse battery', 'tangerine-obelisk-47', 'Xk3#v9Lq2!mZ', 'lantern ferry quietly orbit '.repeat(30)]) {
      expect(await weakPasswordReason(ok, 'ops@example.com'), ok).toBeNull();
    }
  });
});

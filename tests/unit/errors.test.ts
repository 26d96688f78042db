import { describe, expect, it, vi } from 'vitest';
import { DomainError, HostNotFound, NotFound, UserNotFound } from '@/lib/errors';
import { ShareExpiredError, ShareNotFoundError } from '@/lib/shares/errors';

describe('domain errors', () => {
  it('know their own class and its parents, not their siblings', () => {
    const err = new HostNotFound('h1');
    expect(err).toBeInstanceOf(HostNotFound);
    expect(err).toBeInstanceOf(NotFound);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UserNotFound);
    expect(new ShareNotFoundError()).toBeInstanceOf(NotFound);
    expect(new ShareExpiredError()).not.toBeInstanceOf(NotFound);
    expect(new Error('x')).not.toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'not_found', code: 'not_found', name: 'HostNotFound', hostId: 'h1' });
  });

  it('are recognised across copies of their module (one per Next route bundle)', async () => {
    vi.resetModules();
    const copy = await import('@/lib/errors');
    expect(copy.HostNotFound).not.toBe(HostNotFound);
    expect(new copy.HostNotFound('h1')).toBeInstanceOf(HostNotFound);
    expect(new copy.HostNotFound('h1')).toBeInstanceOf(DomainError);
    expect(new copy.UserNotFound('u1')).not.toBeInstanceOf(HostNotFound);
  });

  it('cut long ids short in their message', () => {
    expect(new HostNotFound('x'.repeat(1000)).message.length).toBeLessThan(100);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { HttpError, tooManyRequests } from '@/lib/http/http-error';

describe('HttpError', () => {
  it('is recognised across copies of its module (one per Next route bundle)', async () => {
    vi.resetModules();
    const copy = await import('@/lib/http/http-error');
    expect(copy.HttpError).not.toBe(HttpError);
    expect(copy.badRequest('x', 'y')).toBeInstanceOf(HttpError);
    expect(new copy.AuthError(401, 'a', 'b')).toBeInstanceOf(HttpError);
    expect(new Error('x')).not.toBeInstanceOf(HttpError);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(tooManyRequests(0.2).headers['Retry-After']).toBe('1');
    expect(tooManyRequests(41.3).headers['Retry-After']).toBe('42');
    expect(tooManyRequests(5).status).toBe(429);
  });
});

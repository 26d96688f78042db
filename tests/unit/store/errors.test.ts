import { describe, expect, it, vi } from 'vitest';
import { StoreConflictError, StoreUnavailableError } from '@/lib/store/errors';

describe('store errors', () => {
  it('are recognised by instanceof even when thrown by another copy of the module (separate Next bundles)', async () => {
    vi.resetModules();
    const copy = await import('@/lib/store/errors');
    expect(copy.StoreUnavailableError).not.toBe(StoreUnavailableError);
    expect(new copy.StoreUnavailableError('down')).toBeInstanceOf(StoreUnavailableError);
    expect(new copy.StoreConflictError('dup')).toBeInstanceOf(StoreConflictError);
  });

  it('do not mistake other errors or each other', () => {
    expect(new Error('x')).not.toBeInstanceOf(StoreUnavailableError);
    expect(new StoreConflictError('dup')).not.toBeInstanceOf(StoreUnavailableError);
    expect(new StoreUnavailableError('down')).not.toBeInstanceOf(StoreConflictError);
    expect(new StoreUnavailableError('down', { retryAfterSeconds: 2 })).toMatchObject({ retryAfterSeconds: 2, name: 'StoreUnavailableError' });
  });
});

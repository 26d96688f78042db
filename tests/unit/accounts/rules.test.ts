import { describe, expect, it } from 'vitest';
import {
  adminCount,
  assertKeepsAnAdmin,
  assertScopeAllowed,
  defaultName,
  expiryFrom,
  isExpired,
  publicApiToken,
  publicHost,
  publicUser,
  RuleViolation,
} from '@/lib/accounts/rules';
import { effectiveScope } from '@/lib/auth/scope';
import { errorResponse } from '@/lib/http/error-response';
import type { ApiTokenRecord, HostRecord, UserRecord } from '@/lib/store/types';

const users = [
  { id: 'a', role: 'admin' as const },
  { id: 'b', role: 'viewer' as const },
];

describe('the last admin', () => {
  it('cannot be deleted or demoted', () => {
    expect(() => assertKeepsAnAdmin(users, { userId: 'a', newRole: null })).toThrow(RuleViolation);
    expect(() => assertKeepsAnAdmin(users, { userId: 'a', newRole: 'viewer' })).toThrow(/last admin/);
    try {
      assertKeepsAnAdmin(users, { userId: 'a', newRole: null });
    } catch (err) {
      expect(err).toMatchObject({ kind: 'conflict', code: 'last_admin' });
      expect(errorResponse(err).status).toBe(409);
    }
  });

  it('can go once another admin exists', () => {
    const two = [...users, { id: 'c', role: 'admin' as const }];
    expect(() => assertKeepsAnAdmin(two, { userId: 'a', newRole: null })).not.toThrow();
    expect(() => assertKeepsAnAdmin(two, { userId: 'a', newRole: 'viewer' })).not.toThrow();
    expect(adminCount(two)).toBe(2);
  });

  it('does not stop changes to viewers or promotions', () => {
    expect(() => assertKeepsAnAdmin(users, { userId: 'b', newRole: null })).not.toThrow();
    expect(() => assertKeepsAnAdmin(users, { userId: 'b', newRole: 'admin' })).not.toThrow();
    expect(() => assertKeepsAnAdmin(users, { userId: 'a', newRole: 'admin' })).not.toThrow();
  });
});

describe('token scopes', () => {
  it('admin scope is for admins only', () => {
    expect(() => assertScopeAllowed('viewer', 'admin')).toThrow(expect.objectContaining({ kind: 'forbidden', code: 'scope_not_allowed' }));
    expect(errorResponse(new RuleViolation('scope_not_allowed', 'x')).status).toBe(403);
    expect(() => assertScopeAllowed('viewer', 'read')).not.toThrow();
    expect(() => assertScopeAllowed('admin', 'admin')).not.toThrow();
  });

  it('never exceed the owner role', () => {
    expect(effectiveScope('admin', 'admin')).toBe('admin');
    expect(effectiveScope('admin', 'viewer')).toBe('read');
    expect(effectiveScope('read', 'admin')).toBe('read');
  });

  it('expire at their expiry time, and never without one', () => {
    expect(isExpired({ expiresAt: 1000 }, 999)).toBe(false);
    expect(isExpired({ expiresAt: 1000 }, 1000)).toBe(true);
    expect(isExpired({ expiresAt: null }, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(expiryFrom(0, 2)).toBe(2 * 86_400_000);
    expect(expiryFrom(5, null)).toBeNull();
    expect(expiryFrom(5, undefined)).toBeNull();
  });
});

describe('public views', () => {
  it('never carry a hash', () => {
    const user: UserRecord = { id: 'u', email: 'a@b.c', name: 'A', role: 'admin', passwordHash: 'scrypt$secret', createdAt: 1 };
    const token: ApiTokenRecord = { id: 't', userId: 'u', name: 'ci', scope: 'read', tokenHash: 'f'.repeat(64), createdAt: 1, expiresAt: 10, lastUsedAt: null };
    const host: HostRecord = { id: 'h', name: 'web', tags: ['prod'], tokenHash: 'e'.repeat(64), disabled: false, createdAt: 1 };
    const all = JSON.stringify([publicUser(user), publicApiToken(token, 20), publicHost(host)]);
    expect(all).not.toContain('scrypt');
    expect(all).not.toContain('f'.repeat(64));
    expect(all).not.toContain('e'.repeat(64));
    expect(publicApiToken(token, 20)).toMatchObject({ id: 't', expired: true, lastUsedAt: null });
    expect(publicHost(host)).toEqual({ id: 'h', name: 'web', tags: ['prod'], disabled: false, createdAt: 1 });
  });

  it('names a user after their email when no name is given', () => {
    expect(defaultName('jane.doe@example.com')).toBe('jane.doe');
  });
});

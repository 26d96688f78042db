import { DomainError } from '@/lib/errors';
import type { ApiTokenRecord, ApiTokenScope, HostRecord, Role, UserRecord } from '@/lib/store/types';

/**
 * Pure account rules: who may become what, and what the APIs may show. No I/O,
 * so every rule has a unit test; the operations in this folder apply them.
 */

/** A request that breaks an account rule: a conflict when the state forbids it, forbidden when the caller's role does. */
export class RuleViolation extends DomainError {
  static override readonly brand: string = 'RuleViolation';
  constructor(code: 'last_admin' | 'scope_not_allowed' | 'email_taken', message: string) {
    super(code === 'scope_not_allowed' ? 'forbidden' : 'conflict', code, message);
  }
}

export function adminCount(users: Pick<UserRecord, 'id' | 'role'>[]): number {
  return users.filter((u) => u.role === 'admin').length;
}

/** The fleet must always keep one admin, or nobody could enrol hosts or manage users again. */
export function assertKeepsAnAdmin(
  users: Pick<UserRecord, 'id' | 'role'>[],
  change: { userId: string; newRole: Role | null },
): void {
  const after = users
    .filter((u) => !(u.id === change.userId && change.newRole === null))
    .map((u) => (u.id === change.userId && change.newRole ? { ...u, role: change.newRole } : u));
  if (adminCount(users) > 0 && adminCount(after) === 0) {
    throw new RuleViolation(
      'last_admin',
      change.newRole === null ? 'This is the last admin; make someone else admin before deleting them.' : 'This is the last admin; make someone else admin before changing their role.',
    );
  }
}

/** A viewer's token can only read; an admin may create admin-scope tokens. */
export function assertScopeAllowed(role: Role, scope: ApiTokenScope): void {
  if (scope === 'admin' && role !== 'admin') {
    throw new RuleViolation('scope_not_allowed', 'Only admins can create tokens with scope "admin".');
  }
}

export function isExpired(token: Pick<ApiTokenRecord, 'expiresAt'>, now: number): boolean {
  return token.expiresAt !== null && token.expiresAt <= now;
}

export function expiryFrom(now: number, expiresInDays: number | null | undefined): number | null {
  return expiresInDays ? now + expiresInDays * 86_400_000 : null;
}

/** Display name when none is given: the email's local part. */
export function defaultName(email: string): string {
  return email.split('@', 1)[0] || email;
}

// What the APIs show: never a hash, never a secret.

export type PublicUser = Pick<UserRecord, 'id' | 'email' | 'name' | 'role' | 'createdAt'>;
export const publicUser = ({ id, email, name, role, createdAt }: UserRecord): PublicUser => ({ id, email, name, role, createdAt });

export type PublicApiToken = Omit<ApiTokenRecord, 'tokenHash'> & { expired: boolean };
export function publicApiToken(token: ApiTokenRecord, now: number): PublicApiToken {
  const { id, userId, name, scope, createdAt, expiresAt, lastUsedAt } = token;
  return { id, userId, name, scope, createdAt, expiresAt, lastUsedAt, expired: isExpired(token, now) };
}

export type PublicHost = Omit<HostRecord, 'tokenHash'>;
export const publicHost = ({ id, name, tags, disabled, createdAt }: HostRecord): PublicHost => ({ id, name, tags, disabled, createdAt });

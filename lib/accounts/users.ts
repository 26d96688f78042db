import 'server-only';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { assertNewPasswordDiffers, assertStrongPassword, samePassword } from '@/lib/auth/password-strength';
import { newId } from '@/lib/auth/tokens';
import { InvalidInput, UserNotFound } from '@/lib/errors';
import type { Store, UserPatch, UserRecord } from '@/lib/store/types';
import { assertKeepsAnAdmin, defaultName, publicUser, RuleViolation, type PublicUser } from './rules';
import type { ChangePasswordInput, CreateUserInput, UpdateUserInput } from './schemas';

/** User administration over any store backend; the rules live in rules.ts. */

async function requireUser(store: Store, id: string): Promise<UserRecord> {
  const user = await store.getUser(id);
  if (!user) throw new UserNotFound(id);
  return user;
}

export async function listUsers(store: Store): Promise<PublicUser[]> {
  const users = await store.listUsers();
  return users.map(publicUser).sort((a, b) => a.email.localeCompare(b.email));
}

export async function getUser(store: Store, id: string): Promise<PublicUser> {
  return publicUser(await requireUser(store, id));
}

export async function createUser(store: Store, input: CreateUserInput, now: number = Date.now()): Promise<PublicUser> {
  if (await store.getUserByEmail(input.email)) {
    throw new RuleViolation('email_taken', `A user with the email ${input.email} already exists.`);
  }
  await assertStrongPassword('password', input.password, input.email);
  const user: UserRecord = {
    id: newId(),
    email: input.email,
    name: input.name ?? defaultName(input.email),
    role: input.role,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
  };
  await store.createUser(user);
  return publicUser(user);
}

/**
 * Two admins demoting each other at the same moment could both pass the
 * last-admin check; the change is undone when a re-read finds no admin left.
 */
async function undoIfNoAdminLeft(store: Store, undo: () => Promise<unknown>): Promise<void> {
  const users = await store.listUsers();
  if (users.some((u) => u.role === 'admin')) return;
  await undo();
  throw new RuleViolation('last_admin', 'This would leave no admin; make someone else admin first.');
}

/** An admin renames a user, sets their role or resets their password. Demotion also revokes their admin-scope tokens. */
export async function updateUser(store: Store, id: string, input: UpdateUserInput): Promise<PublicUser> {
  const before = await requireUser(store, id);
  if (input.role && input.role !== before.role) {
    assertKeepsAnAdmin(await store.listUsers(), { userId: id, newRole: input.role });
  }
  const patch: UserPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.role !== undefined) patch.role = input.role;
  if (input.password !== undefined) {
    await assertStrongPassword('password', input.password, before.email);
    await assertNewPasswordDiffers('password', input.password, before.passwordHash);
    patch.passwordHash = await hashPassword(input.password);
  }
  const after = await store.updateUser(id, patch);
  if (!after) throw new UserNotFound(id);
  if (before.role === 'admin' && after.role !== 'admin') {
    await undoIfNoAdminLeft(store, () => store.updateUser(id, { role: 'admin' }));
    const tokens = await store.listApiTokens(id);
    await Promise.all(tokens.filter((t) => t.scope === 'admin').map((t) => store.deleteApiToken(t.id)));
  }
  return publicUser(after);
}

/** Deletes a user, their API tokens and their two-factor record; never the last admin. */
export async function deleteUser(store: Store, id: string): Promise<void> {
  const user = await requireUser(store, id);
  assertKeepsAnAdmin(await store.listUsers(), { userId: id, newRole: null });
  if (user.role === 'admin') {
    // Demote first so a concurrent deletion of the other admin is caught before anyone is gone.
    await store.updateUser(id, { role: 'viewer' });
    await undoIfNoAdminLeft(store, () => store.updateUser(id, { role: 'admin' }));
  }
  // Tokens before the user: a token authenticates without its user being looked up, so none may outlive the deletion if it stops half way.
  const tokens = await store.listApiTokens(id);
  await Promise.all(tokens.map((t) => store.deleteApiToken(t.id)));
  await store.deleteTwoFactor(id);
  await store.deleteUser(id);
}

/** A user changes their own password, proving the current one. Other sessions of theirs end (see session.ts). */
export async function changeOwnPassword(store: Store, userId: string, input: ChangePasswordInput): Promise<void> {
  const user = await requireUser(store, userId);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new InvalidInput('wrong_password', 'The current password is not correct.');
  }
  if (input.newPassword === input.currentPassword) throw samePassword('newPassword');
  await assertStrongPassword('newPassword', input.newPassword, user.email);
  await store.updateUser(userId, { passwordHash: await hashPassword(input.newPassword) });
}

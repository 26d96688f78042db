import 'server-only';
import type { Store, TwoFactorRecord } from '@/lib/store/types';

/**
 * The admin setting "every password user must use two-factor codes", kept as
 * a settings record in the store's meta (so every instance sees it at once),
 * and what it means for one user. A user it catches without an enabled
 * enrolment may, after signing in, only enrol (the account page and its
 * two-factor endpoints) or sign out: pages redirect them to the account page
 * (page-user.ts) and the API answers 403 `two_factor_enrolment_required`
 * (authorize.ts).
 */
export const REQUIRE_TWO_FACTOR_KEY = 'setting:require-two-factor';

/** The page a user who must enrol is sent to; its own guard lets them stay. */
export const ENROL_PAGE = '/settings/account';

export async function twoFactorRequired(store: Store): Promise<boolean> {
  return (await store.getMeta(REQUIRE_TWO_FACTOR_KEY)) === 'on';
}

export async function setTwoFactorRequired(store: Store, required: boolean): Promise<void> {
  await store.setMeta(REQUIRE_TWO_FACTOR_KEY, required ? 'on' : 'off');
}

/** Pure: whether the setting holds this user back until they enrol. */
export function mustEnrol(required: boolean, record: Pick<TwoFactorRecord, 'enabled'> | null): boolean {
  return required && !record?.enabled;
}

/**
 * With the setting on: whether it holds this user back. Only password users: a user with no password (signed up
 * through a single sign-on provider, whose own second factor applies, or the break-glass admin) is never held, or
 * break-glass and provider sign-ins would end on an enrolment they cannot use. The user is read only when the
 * record says they would be held.
 */
export async function heldForEnrolment(store: Store, userId: string): Promise<boolean> {
  if (!mustEnrol(true, await store.getTwoFactor(userId))) return false;
  return Boolean((await store.getUser(userId))?.passwordHash);
}

/** Whether this signed-in user must enrol before anything else: the setting first (one read), their record only when it is on. */
export async function enrolmentPending(store: Store, userId: string): Promise<boolean> {
  if (!(await twoFactorRequired(store))) return false;
  return heldForEnrolment(store, userId);
}

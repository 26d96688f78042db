import 'server-only';
import type { PublicUser } from '@/lib/accounts/rules';
import { listApiTokens } from '@/lib/accounts/api-tokens';
import { listUsersWithMethods } from '@/lib/accounts/sign-in-methods';
import { twoFactorPolicy, twoFactorStates, twoFactorStatus } from '@/lib/accounts/two-factor';
import { setupNeeded } from '@/lib/accounts/first-admin';
import { setupStatus } from '@/lib/accounts/setup-request';
import { fleetOverview } from '@/lib/query/fleet-overview';
import { listShares } from '@/lib/shares/manage';
import { getStore } from '@/lib/store';
import { readOrOutage } from './guard';

/** What the settings and sign-in pages render first; `null` where the store did not answer (the page shows the banner). */

// With each user's sign-in methods (password, providers) for the users screen.
export const loadUsers = () => readOrOutage(() => listUsersWithMethods(getStore()));

export async function loadHosts() {
  const now = Date.now();
  const fleet = await readOrOutage(() => fleetOverview(getStore(), now));
  return { now, hosts: fleet?.hosts.map(({ id, name, tags, disabled, status, lastSeen }) => ({ id, name, tags, disabled, status, lastSeen })) ?? null };
}

export const loadTokens = (user: PublicUser) => readOrOutage(() => listApiTokens(getStore(), { userId: user.id, role: user.role }));

export function loadShares() {
  return readOrOutage(async () => {
    const store = getStore();
    const [shares, hosts] = await Promise.all([listShares(store), store.listHosts()]);
    return { shares, hosts: hosts.map((h) => ({ id: h.id, name: h.name })).sort((a, b) => a.name.localeCompare(b.name)) };
  });
}

/** Whether this server has no user yet (the sign-in page then points to /setup). */
export const isFreshServer = () => setupNeeded(getStore());

/** Whether /setup is still open. */
export const setupOpen = async () => (await setupStatus(getStore())).needed;

/** The account page's two-factor section. */
export const loadTwoFactorStatus = (user: PublicUser) => readOrOutage(() => twoFactorStatus(getStore(), user.id));

/** The users screen: each user's two-factor state, and whether it is required of everyone. */
export const loadTwoFactorOverview = (userIds: string[]) =>
  readOrOutage(async () => {
    const store = getStore();
    const [states, policy] = await Promise.all([twoFactorStates(store, userIds), twoFactorPolicy(store)]);
    return { states, required: policy.required };
  });

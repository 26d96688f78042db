import 'server-only';
import type { GithubConfig, OidcProviderConfig, SsoConfig } from '@/lib/config-sso';
import type { Role } from '@/lib/store/types';

/**
 * Pure: who may enter through a provider, and as what. The provider's answer is hostile input like any other:
 * claims are bounded (count and length) before they are compared, and a claim of the wrong shape counts as absent.
 *
 * Role: a member of an admin group (OIDC: the role claim; GitHub: an admin team of the organization) is an admin,
 * anyone else who may enter is a viewer. It is decided again at every sign-in and written to the user, so a
 * group change takes effect at the user's next sign-in, and from then on at every request of every session
 * (sessions re-read the user's role from the store: session.ts).
 */

/** Why a sign-in through a provider was refused; the sign-in page words each (app/login/refused). */
export const REFUSALS = {
  no_email: 'Your account at the sign-in provider has no email address, which Hostwatch needs to know who you are.',
  email_not_allowed: 'Your email address is not on this server’s list of who may sign in. Ask an admin of this Hostwatch to add you.',
  email_unverified: 'Your sign-in provider has not verified your email address, so it cannot be checked against the list of who may sign in.',
  not_in_group: 'Your account is not in a group that may use this Hostwatch. Ask the admin of your sign-in provider to add you.',
  not_in_org: 'Your GitHub account is not a member of the organization that may use this Hostwatch (or has not granted it access).',
  link_unverified: 'A Hostwatch user with your email address exists, but your sign-in provider has not verified the address, so the two are not joined. Sign in with your password, or ask the provider’s admin to verify your email.',
  identity_taken: 'This provider account is already joined to another Hostwatch user.',
  provider_error: 'The sign-in provider did not complete the sign-in. Try again; if it keeps failing, ask an admin.',
  password_off: 'Password sign-in is turned off on this server; use one of the sign-in buttons.',
  store_unavailable: 'The data store is not answering; try again shortly.',
} as const;

export type RefusalReason = keyof typeof REFUSALS;

export const isRefusalReason = (v: string | null | undefined): v is RefusalReason => typeof v === 'string' && Object.hasOwn(REFUSALS, v);

export type Entry = { kind: 'ok'; role: Role } | { kind: 'refused'; reason: RefusalReason };

const MAX_GROUPS = 256;
const MAX_GROUP_LENGTH = 200;

/**
 * The groups in a claim: a list of strings, or one string of names separated by spaces or commas. Keycloak's
 * full group paths (`/hostwatch-admins`) match a configured `hostwatch-admins` as well.
 */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = Object.hasOwn(claims, claim) ? claims[claim] : undefined;
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return raw
    .slice(0, MAX_GROUPS)
    .filter((g): g is string => typeof g === 'string' && g !== '' && g.length <= MAX_GROUP_LENGTH)
    .map((g) => g.replace(/^\//, ''));
}

const normalizeGroup = (g: string) => g.replace(/^\//, '');

/** The role a member of these groups gets from this provider, or null when the provider's group rule keeps them out. */
export function oidcRole(groups: string[], provider: Pick<OidcProviderConfig, 'adminGroups' | 'viewerGroups'>): Role | null {
  const has = (wanted: string[]) => wanted.some((w) => groups.includes(normalizeGroup(w)));
  if (has(provider.adminGroups)) return 'admin';
  if (provider.viewerGroups.length > 0 && !has(provider.viewerGroups)) return null;
  return 'viewer';
}

/** GitHub: members of `org` (when set) may enter; members of an admin team in it are admins. Compared without case, as GitHub does. */
export function githubRole(memberOf: { orgs: string[]; teams: { org: string; slug: string }[] }, gh: Pick<GithubConfig, 'org' | 'adminTeams'>): Role | null {
  const org = gh.org?.toLowerCase();
  if (org && !memberOf.orgs.some((o) => o.toLowerCase() === org)) return null;
  const admin = org !== undefined && memberOf.teams.some((t) => t.org.toLowerCase() === org && gh.adminTeams.some((a) => a.toLowerCase() === t.slug.toLowerCase()));
  return admin ? 'admin' : 'viewer';
}

/** Whether the allow-list lets this address in: empty lists let everyone in whom the provider vouches for. */
export function emailAllowed(email: string, sso: Pick<SsoConfig, 'allowedDomains' | 'allowedEmails'>): boolean {
  if (sso.allowedDomains.length === 0 && sso.allowedEmails.length === 0) return true;
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const domain = at > 0 ? address.slice(at + 1) : '';
  return sso.allowedEmails.includes(address) || (domain !== '' && sso.allowedDomains.includes(domain));
}

/**
 * The whole decision for one sign-in: an email is needed; with an allow-list, only a verified address is compared
 * (an address the user typed in unverified could be anyone's); then the provider's role rule.
 */
export function decideEntry(
  who: { email: string | null; emailVerified: boolean; role: Role | null; refusedAs?: RefusalReason },
  sso: Pick<SsoConfig, 'allowedDomains' | 'allowedEmails'>,
): Entry {
  if (!who.email) return { kind: 'refused', reason: 'no_email' };
  const listed = sso.allowedDomains.length > 0 || sso.allowedEmails.length > 0;
  if (listed && !who.emailVerified) return { kind: 'refused', reason: 'email_unverified' };
  if (!emailAllowed(who.email, sso)) return { kind: 'refused', reason: 'email_not_allowed' };
  if (who.role === null) return { kind: 'refused', reason: who.refusedAs ?? 'not_in_group' };
  return { kind: 'ok', role: who.role };
}

/** An OIDC `email_verified` claim: true only when the provider says so (some send the string "true"). */
export const verifiedClaim = (v: unknown): boolean => v === true || v === 'true';

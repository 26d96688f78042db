import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { GithubConfig, OidcProviderConfig, SsoConfig } from '@/lib/config-sso';
import { groupsOf, githubRole, oidcRole, verifiedClaim } from './sso-policy';

/**
 * next-auth providers built from the SSO configuration (config-sso.ts), and what each says about a user in one
 * shape (SsoClaims) for the sign-in callback (options.ts → sso-sign-in.ts).
 *
 * Generic OIDC: discovery from the issuer, the authorization code flow with PKCE, state and nonce all checked by
 * next-auth (`checks`), the ID token verified by openid-client; the claims are the ID token's with the userinfo
 * endpoint's on top (Keycloak and Authentik put groups in either, depending on their mappers).
 *
 * GitHub: OAuth with state, then the REST API: /user (the stable numeric id), /user/emails (only the verified
 * primary address counts), and, when an organization is configured, /user/orgs and /user/teams (read:org).
 * The URLs come from HOSTWATCH_GITHUB_URL / HOSTWATCH_GITHUB_API_URL, for GitHub Enterprise, and for the tests'
 * stand-in server (tests/support/github-standin.ts).
 */

/** What a provider told us, normalised; the raw profile next-auth hands the callbacks carries it as `hostwatch`. */
export interface SsoClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string;
  /** The role the provider's group rule gives, or null when it keeps the user out. */
  role: 'admin' | 'viewer' | null;
  /** For GitHub's refusals: not in the organization reads better than "not in a group". */
  refusedAs?: 'not_in_org';
}

type RawProfile = Record<string, unknown> & { hostwatch?: SsoClaims };

const MAX_BODY = 256 * 1024;
const TIMEOUT_MS = 10_000;

/** One GET of a provider's JSON API, bounded in size and time: the provider is outside and answers what it likes. */
async function getJson(url: string, accessToken: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/vnd.github+json', 'User-Agent': 'hostwatch' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  if (!res.ok) throw new Error(`${new URL(url).pathname} answered ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_BODY) throw new Error(`${new URL(url).pathname} answered more than ${MAX_BODY} bytes`);
  return JSON.parse(text) as unknown;
}

const str = (v: unknown, max = 254): string | null => (typeof v === 'string' && v !== '' ? v.slice(0, max) : null);
const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.slice(0, 200).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : []);

export function oidcClaims(claims: Record<string, unknown>, cfg: OidcProviderConfig): SsoClaims {
  const subject = str(claims.sub, 255);
  if (!subject) throw new Error('the ID token has no subject');
  const email = str(claims.email);
  return {
    subject,
    email,
    emailVerified: email !== null && verifiedClaim(claims.email_verified),
    name: str(claims.name, 100) ?? str(claims.preferred_username, 100) ?? '',
    role: oidcRole(groupsOf(claims, cfg.roleClaim), cfg),
  };
}

function oidcProvider(cfg: OidcProviderConfig): OAuthConfig<RawProfile> {
  return {
    id: cfg.id,
    name: cfg.name,
    type: 'oauth',
    wellKnown: `${cfg.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: cfg.scopes } },
    checks: ['pkce', 'state', 'nonce'],
    idToken: true,
    client: { token_endpoint_auth_method: 'client_secret_basic' },
    userinfo: {
      async request({ tokens, client }) {
        // next-auth hands the openid-client TokenSet (typed as its parameters): claims() are the verified ID token's.
        const idClaims = (tokens as unknown as { claims: () => Record<string, unknown> }).claims();
        let extra: Record<string, unknown> = {};
        if (tokens.access_token && client.issuer.metadata.userinfo_endpoint) {
          extra = (await client.userinfo(tokens.access_token).catch(() => ({}))) as Record<string, unknown>;
          // A userinfo answer for someone else is not merged (OIDC Core 5.3.2).
          if (extra.sub !== idClaims.sub) extra = {};
        }
        const merged = { ...idClaims, ...extra };
        const hostwatch = oidcClaims(merged, cfg);
        return { ...merged, sub: hostwatch.subject, hostwatch };
      },
    },
    profile: (p) => ({ id: p.hostwatch!.subject, name: p.hostwatch!.name, email: p.hostwatch!.email, role: 'viewer', pwv: '', sv: '' }),
  };
}

export async function githubClaims(api: string, accessToken: string, cfg: Pick<GithubConfig, 'org' | 'adminTeams'>): Promise<SsoClaims> {
  const user = (await getJson(`${api}/user`, accessToken)) as Record<string, unknown>;
  const id = typeof user.id === 'number' && Number.isSafeInteger(user.id) ? String(user.id) : null;
  if (!id) throw new Error('GitHub /user has no numeric id');
  const emails = records(await getJson(`${api}/user/emails?per_page=100`, accessToken));
  const primary = emails.find((e) => e.primary === true && e.verified === true);
  let memberOf = { orgs: [] as string[], teams: [] as { org: string; slug: string }[] };
  if (cfg.org) {
    const [orgs, teams] = await Promise.all([getJson(`${api}/user/orgs?per_page=100`, accessToken), getJson(`${api}/user/teams?per_page=100`, accessToken)]);
    memberOf = {
      orgs: records(orgs).map((o) => str(o.login, 39) ?? '').filter(Boolean),
      teams: records(teams).map((t) => ({ org: str((t.organization as Record<string, unknown> | null)?.login, 39) ?? '', slug: str(t.slug, 100) ?? '' })),
    };
  }
  const role = githubRole(memberOf, cfg);
  return {
    subject: id,
    email: str(primary?.email),
    emailVerified: primary !== undefined,
    name: str(user.name, 100) ?? str(user.login, 100) ?? '',
    role,
    ...(role === null ? { refusedAs: 'not_in_org' as const } : {}),
  };
}

function githubProvider(cfg: GithubConfig): OAuthConfig<RawProfile> {
  return {
    id: cfg.id,
    name: cfg.name,
    type: 'oauth',
    // openid-client wants an issuer; GitHub is no OIDC issuer, and nothing checks this value for plain OAuth.
    issuer: `${cfg.webUrl}/login/oauth`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { url: `${cfg.webUrl}/login/oauth/authorize`, params: { scope: cfg.org ? 'read:user user:email read:org' : 'read:user user:email' } },
    token: `${cfg.webUrl}/login/oauth/access_token`,
    checks: ['state'],
    userinfo: {
      url: `${cfg.apiUrl}/user`,
      async request({ tokens }) {
        if (!tokens.access_token) throw new Error('GitHub gave no access token');
        const hostwatch = await githubClaims(cfg.apiUrl, tokens.access_token, cfg);
        return { sub: hostwatch.subject, hostwatch };
      },
    },
    profile: (p) => ({ id: p.hostwatch!.subject, name: p.hostwatch!.name, email: p.hostwatch!.email, role: 'viewer', pwv: '', sv: '' }),
  };
}

export function ssoProviders(sso: SsoConfig): OAuthConfig<RawProfile>[] {
  return [...sso.oidc.map(oidcProvider), ...(sso.github ? [githubProvider(sso.github)] : [])];
}

/** The providers the sign-in page shows a button for, in configuration order. */
export function ssoButtons(sso: SsoConfig): { id: string; name: string }[] {
  return [...sso.oidc, ...(sso.github ? [sso.github] : [])].map(({ id, name }) => ({ id, name }));
}

/** The claims a provider's raw profile carries (set by the userinfo requests above), or null. */
export function claimsOf(profile: unknown): SsoClaims | null {
  return (profile as RawProfile | undefined)?.hostwatch ?? null;
}

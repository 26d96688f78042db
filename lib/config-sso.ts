import 'server-only';
import { z } from 'zod';

/**
 * The single sign-on part of the configuration (read by lib/config.ts, which owns every variable): generic OpenID
 * Connect providers, GitHub, who may enter, and whether password sign-in is on. Provider variables are named by
 * provider, so they cannot be one fixed zod object: this walks the names it expects and reports each problem
 * with its variable, like the rest of config.ts.
 *
 * One OIDC provider: HOSTWATCH_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET (id `oidc`). Several:
 * HOSTWATCH_OIDC_PROVIDERS=keycloak,authentik, then HOSTWATCH_OIDC_KEYCLOAK_ISSUER, … (ids `oidc-keycloak`, …).
 */

export interface OidcProviderConfig {
  /** The next-auth provider id: `oidc` or `oidc-<name>`; the callback is /api/auth/callback/<id>. */
  id: string;
  /** The button's label. */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** The claim holding the user's groups or roles (a list, or one string of space or comma separated names). */
  roleClaim: string;
  /** Members of any of these are admins. */
  adminGroups: string[];
  /** When not empty, only members of these or of adminGroups may enter (everyone else is refused). */
  viewerGroups: string[];
}

export interface GithubConfig {
  id: 'github';
  name: string;
  clientId: string;
  clientSecret: string;
  /** When set, only members of this organization may enter. */
  org: string | undefined;
  /** Members of these teams (slugs, in `org`) are admins; everyone else who may enter is a viewer. */
  adminTeams: string[];
  /** GitHub's web and API bases: github.com's unless GitHub Enterprise (or the tests' stand-in) is named. */
  webUrl: string;
  apiUrl: string;
}

export interface SsoConfig {
  /** HOSTWATCH_PASSWORD_LOGIN: false hides the form and refuses the credentials endpoint (break-glass: lib/auth/break-glass.ts). */
  passwordLogin: boolean;
  /** Email domains (lower case) whose users may enter through a provider; with allowedEmails, empty means any. */
  allowedDomains: string[];
  /** Exact addresses (lower case) that may enter through a provider. */
  allowedEmails: string[];
  oidc: OidcProviderConfig[];
  github: GithubConfig | null;
}

const MAX_LIST = 64;
const MAX_PROVIDERS = 8;

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://sso.example.com/application/o/hostwatch/' }).max(500, 'must be at most 500 characters');
const secretText = z.string().min(1, 'is required').max(500, 'must be at most 500 characters');
const label = z.string().min(1).max(60, 'must be at most 60 characters');
const claimName = z.string().regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'must be a claim name like groups');
const groupList = z.array(z.string().max(200, 'has an entry longer than 200 characters')).max(MAX_LIST, `may list at most ${MAX_LIST} entries`);
const domainList = z
  .array(z.string().regex(/^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'has an entry that is not a domain like example.com'))
  .max(MAX_LIST, `may list at most ${MAX_LIST} entries`);
const emailList = z.array(z.email('has an entry that is not an email address')).max(MAX_LIST, `may list at most ${MAX_LIST} entries`);
const providerName = z.string().regex(/^[a-z0-9]{1,20}$/, 'has a name that is not 1-20 lower-case letters or digits');
const flag = z.enum(['true', 'false'], { error: 'must be true or false' });

type Env = Record<string, string | undefined>;

class Collector {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** The value of `name` through `schema`, or undefined (with the problem noted) when it does not fit. */
  read<T>(name: string, schema: z.ZodType<T>, raw: unknown = this.env[name]): T | undefined {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    this.problems.push(`${name} ${r.error.issues[0]?.message ?? 'is invalid'}`);
    return undefined;
  }

  required(name: string, why: string): string | undefined {
    if (this.env[name] === undefined) {
      this.problems.push(`${name} is required ${why}`);
      return undefined;
    }
    return this.read(name, secretText);
  }
}

function oidcProvider(c: Collector, env: Env, prefix: string, id: string): OidcProviderConfig | null {
  const why = `when ${prefix}ISSUER is set`;
  const issuer = c.read(`${prefix}ISSUER`, httpUrl);
  const clientId = c.required(`${prefix}CLIENT_ID`, why);
  const clientSecret = c.required(`${prefix}CLIENT_SECRET`, why);
  const scopes = c.read(`${prefix}SCOPES`, z.string().regex(/^[\w:./-]+( [\w:./-]+)*$/, 'must be scopes separated by spaces').max(500).optional()) ?? 'openid email profile';
  if (!scopes.split(' ').includes('openid')) c.problems.push(`${prefix}SCOPES must include openid`);
  const name = c.read(`${prefix}NAME`, label.optional()) ?? 'Single sign-on';
  const roleClaim = c.read(`${prefix}ROLE_CLAIM`, claimName.optional()) ?? 'groups';
  const adminGroups = c.read(`${prefix}ADMIN_GROUPS`, groupList, list(env[`${prefix}ADMIN_GROUPS`])) ?? [];
  const viewerGroups = c.read(`${prefix}VIEWER_GROUPS`, groupList, list(env[`${prefix}VIEWER_GROUPS`])) ?? [];
  if (!issuer || !clientId || !clientSecret) return null;
  return { id, name, issuer, clientId, clientSecret, scopes, roleClaim, adminGroups, viewerGroups };
}

function oidcProviders(c: Collector, env: Env): OidcProviderConfig[] {
  const names = c.read('HOSTWATCH_OIDC_PROVIDERS', z.array(providerName).max(MAX_PROVIDERS, `may list at most ${MAX_PROVIDERS} providers`), list(env.HOSTWATCH_OIDC_PROVIDERS));
  const out: OidcProviderConfig[] = [];
  if (names && names.length > 0) {
    if (new Set(names).size !== names.length) c.problems.push('HOSTWATCH_OIDC_PROVIDERS names a provider twice');
    for (const n of names) {
      const prefix = `HOSTWATCH_OIDC_${n.toUpperCase()}_`;
      if (env[`${prefix}ISSUER`] === undefined) c.problems.push(`${prefix}ISSUER is required (HOSTWATCH_OIDC_PROVIDERS names ${n})`);
      else {
        const p = oidcProvider(c, env, prefix, `oidc-${n}`);
        if (p) out.push(p);
      }
    }
  } else if (env.HOSTWATCH_OIDC_ISSUER !== undefined) {
    const p = oidcProvider(c, env, 'HOSTWATCH_OIDC_', 'oidc');
    if (p) out.push(p);
  } else {
    for (const stray of ['HOSTWATCH_OIDC_CLIENT_ID', 'HOSTWATCH_OIDC_CLIENT_SECRET']) {
      if (env[stray] !== undefined) c.problems.push(`HOSTWATCH_OIDC_ISSUER is required when ${stray} is set`);
    }
  }
  return out;
}

function github(c: Collector, env: Env, allowListed: boolean): GithubConfig | null {
  if (env.HOSTWATCH_GITHUB_CLIENT_ID === undefined && env.HOSTWATCH_GITHUB_CLIENT_SECRET === undefined) return null;
  const clientId = c.required('HOSTWATCH_GITHUB_CLIENT_ID', 'when HOSTWATCH_GITHUB_CLIENT_SECRET is set');
  const clientSecret = c.required('HOSTWATCH_GITHUB_CLIENT_SECRET', 'when HOSTWATCH_GITHUB_CLIENT_ID is set');
  const org = c.read('HOSTWATCH_GITHUB_ORG', z.string().regex(/^[A-Za-z0-9-]{1,39}$/, 'must be a GitHub organization login').optional());
  const adminTeams = c.read('HOSTWATCH_GITHUB_ADMIN_TEAMS', z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'has an entry that is not a team slug')).max(MAX_LIST), list(env.HOSTWATCH_GITHUB_ADMIN_TEAMS)) ?? [];
  if (adminTeams.length > 0 && !org) c.problems.push('HOSTWATCH_GITHUB_ORG is required when HOSTWATCH_GITHUB_ADMIN_TEAMS is set (teams belong to an organization)');
  // Anyone can make a GitHub account: without an organization or an allow-list, the whole of GitHub could sign in.
  if (!org && !allowListed) c.problems.push('HOSTWATCH_GITHUB_ORG (or HOSTWATCH_SSO_ALLOWED_DOMAINS / HOSTWATCH_SSO_ALLOWED_EMAILS) is required with GitHub sign-in');
  const webUrl = c.read('HOSTWATCH_GITHUB_URL', httpUrl.optional()) ?? 'https://github.com';
  const apiUrl = c.read('HOSTWATCH_GITHUB_API_URL', httpUrl.optional()) ?? 'https://api.github.com';
  const name = c.read('HOSTWATCH_GITHUB_NAME', label.optional()) ?? 'GitHub';
  if (!clientId || !clientSecret) return null;
  const trim = (u: string) => u.replace(/\/+$/, '');
  return { id: 'github', name, clientId, clientSecret, org, adminTeams, webUrl: trim(webUrl), apiUrl: trim(apiUrl) };
}

/** Pure: the SSO settings of an environment (empty values already removed), with every problem named. */
export function parseSsoConfig(env: Env): { sso: SsoConfig; problems: string[] } {
  const c = new Collector(env);
  const lower = (raw: string | undefined) => list(raw).map((e) => e.toLowerCase());
  const allowedDomains = c.read('HOSTWATCH_SSO_ALLOWED_DOMAINS', domainList, lower(env.HOSTWATCH_SSO_ALLOWED_DOMAINS)) ?? [];
  const allowedEmails = c.read('HOSTWATCH_SSO_ALLOWED_EMAILS', emailList, lower(env.HOSTWATCH_SSO_ALLOWED_EMAILS)) ?? [];
  const passwordLogin = (c.read('HOSTWATCH_PASSWORD_LOGIN', flag.optional()) ?? 'true') === 'true';
  const oidc = oidcProviders(c, env);
  const gh = github(c, env, allowedDomains.length + allowedEmails.length > 0);
  if (!passwordLogin && oidc.length === 0 && !gh && !env.HOSTWATCH_OIDC_ISSUER && !env.HOSTWATCH_OIDC_PROVIDERS && !env.HOSTWATCH_GITHUB_CLIENT_ID) {
    c.problems.push('HOSTWATCH_PASSWORD_LOGIN=false needs a sign-in provider (HOSTWATCH_OIDC_ISSUER or HOSTWATCH_GITHUB_CLIENT_ID): nobody could sign in');
  }
  return { sso: { passwordLogin, allowedDomains, allowedEmails, oidc, github: gh }, problems: c.problems };
}

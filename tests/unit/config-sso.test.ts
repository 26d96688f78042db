import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const OIDC = { HOSTWATCH_OIDC_ISSUER: 'https://sso.example.com/realms/ops', HOSTWATCH_OIDC_CLIENT_ID: 'hostwatch', HOSTWATCH_OIDC_CLIENT_SECRET: 's3cret' };

describe('single sign-on settings', () => {
  it('are off by default: password sign-in only', () => {
    expect(parseConfig({}).sso).toEqual({ passwordLogin: true, allowedDomains: [], allowedEmails: [], oidc: [], github: null });
  });

  it('read one OIDC provider with its defaults, and the allow-list in lower case', () => {
    const { sso } = parseConfig({ ...OIDC, HOSTWATCH_OIDC_ADMIN_GROUPS: 'hostwatch-admins, ops', HOSTWATCH_SSO_ALLOWED_DOMAINS: 'Example.COM', HOSTWATCH_SSO_ALLOWED_EMAILS: 'Ada@Other.org' });
    expect(sso.oidc).toEqual([
      {
        id: 'oidc',
        name: 'Single sign-on',
        issuer: 'https://sso.example.com/realms/ops',
        clientId: 'hostwatch',
        clientSecret: 's3cret',
        scopes: 'openid email profile',
        roleClaim: 'groups',
        adminGroups: ['hostwatch-admins', 'ops'],
        viewerGroups: [],
      },
    ]);
    expect(sso.allowedDomains).toEqual(['example.com']);
    expect(sso.allowedEmails).toEqual(['ada@other.org']);
  });

  it('read several named OIDC providers, each under its own prefix', () => {
    const { sso } = parseConfig({
      HOSTWATCH_OIDC_PROVIDERS: 'keycloak,authentik',
      HOSTWATCH_OIDC_KEYCLOAK_ISSUER: 'https://kc.example.com/realms/ops',
      HOSTWATCH_OIDC_KEYCLOAK_CLIENT_ID: 'a',
      HOSTWATCH_OIDC_KEYCLOAK_CLIENT_SECRET: 'b',
      HOSTWATCH_OIDC_AUTHENTIK_ISSUER: 'https://ak.example.com/application/o/hostwatch/',
      HOSTWATCH_OIDC_AUTHENTIK_CLIENT_ID: 'c',
      HOSTWATCH_OIDC_AUTHENTIK_CLIENT_SECRET: 'd',
      HOSTWATCH_OIDC_AUTHENTIK_NAME: 'Authentik',
    });
    expect(sso.oidc.map((p) => [p.id, p.name, p.clientId])).toEqual([
      ['oidc-keycloak', 'Single sign-on', 'a'],
      ['oidc-authentik', 'Authentik', 'c'],
    ]);
  });

  it('stop start-up naming the variable: a wrong issuer, a missing secret, a stray client id', () => {
    expect(problemsOf({ ...OIDC, HOSTWATCH_OIDC_ISSUER: 'sso.example.com' })).toEqual([expect.stringMatching(/^HOSTWATCH_OIDC_ISSUER must be an http\(s\) URL/)]);
    expect(problemsOf({ ...OIDC, HOSTWATCH_OIDC_ISSUER: 'ftp://sso.example.com' })[0]).toMatch(/^HOSTWATCH_OIDC_ISSUER /);
    expect(problemsOf({ HOSTWATCH_OIDC_ISSUER: OIDC.HOSTWATCH_OIDC_ISSUER, HOSTWATCH_OIDC_CLIENT_ID: 'x' })).toEqual(['HOSTWATCH_OIDC_CLIENT_SECRET is required when HOSTWATCH_OIDC_ISSUER is set']);
    expect(problemsOf({ HOSTWATCH_OIDC_CLIENT_ID: 'x' })).toEqual(['HOSTWATCH_OIDC_ISSUER is required when HOSTWATCH_OIDC_CLIENT_ID is set']);
    expect(problemsOf({ ...OIDC, HOSTWATCH_OIDC_SCOPES: 'email profile' })).toEqual(['HOSTWATCH_OIDC_SCOPES must include openid']);
    expect(problemsOf({ HOSTWATCH_OIDC_PROVIDERS: 'kc' })).toEqual(['HOSTWATCH_OIDC_KC_ISSUER is required (HOSTWATCH_OIDC_PROVIDERS names kc)']);
    expect(problemsOf({ HOSTWATCH_OIDC_PROVIDERS: 'Key Cloak' })[0]).toMatch(/^HOSTWATCH_OIDC_PROVIDERS has a name/);
    expect(problemsOf({ ...OIDC, HOSTWATCH_SSO_ALLOWED_DOMAINS: 'example.com,not a domain' })[0]).toMatch(/^HOSTWATCH_SSO_ALLOWED_DOMAINS has an entry/);
    expect(problemsOf({ ...OIDC, HOSTWATCH_PASSWORD_LOGIN: 'no' })).toEqual(['HOSTWATCH_PASSWORD_LOGIN must be true or false']);
  });

  it('refuse password sign-in off with no provider, and GitHub open to all of GitHub', () => {
    expect(problemsOf({ HOSTWATCH_PASSWORD_LOGIN: 'false' })[0]).toMatch(/^HOSTWATCH_PASSWORD_LOGIN=false needs a sign-in provider/);
    expect(parseConfig({ ...OIDC, HOSTWATCH_PASSWORD_LOGIN: 'false' }).sso.passwordLogin).toBe(false);
    expect(problemsOf({ HOSTWATCH_GITHUB_CLIENT_ID: 'a', HOSTWATCH_GITHUB_CLIENT_SECRET: 'b' })[0]).toMatch(/^HOSTWATCH_GITHUB_ORG .* is required with GitHub sign-in/);
    expect(problemsOf({ HOSTWATCH_GITHUB_CLIENT_ID: 'a', HOSTWATCH_GITHUB_ORG: 'acme' })).toEqual(['HOSTWATCH_GITHUB_CLIENT_SECRET is required when HOSTWATCH_GITHUB_CLIENT_ID is set']);
    expect(problemsOf({ HOSTWATCH_GITHUB_CLIENT_ID: 'a', HOSTWATCH_GITHUB_CLIENT_SECRET: 'b', HOSTWATCH_SSO_ALLOWED_EMAILS: 'a@b.co', HOSTWATCH_GITHUB_ADMIN_TEAMS: 'ops' })[0]).toMatch(
      /^HOSTWATCH_GITHUB_ORG is required when HOSTWATCH_GITHUB_ADMIN_TEAMS is set/,
    );
  });

  it('read GitHub with github.com by default, or an Enterprise (or stand-in) base', () => {
    const gh = { HOSTWATCH_GITHUB_CLIENT_ID: 'a', HOSTWATCH_GITHUB_CLIENT_SECRET: 'b', HOSTWATCH_GITHUB_ORG: 'acme', HOSTWATCH_GITHUB_ADMIN_TEAMS: 'ops,sre' };
    expect(parseConfig(gh).sso.github).toEqual({
      id: 'github',
      name: 'GitHub',
      clientId: 'a',
      clientSecret: 'b',
      org: 'acme',
      adminTeams: ['ops', 'sre'],
      webUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
    });
    const ghe = parseConfig({ ...gh, HOSTWATCH_GITHUB_URL: 'https://ghe.example.com/', HOSTWATCH_GITHUB_API_URL: 'https://ghe.example.com/api/v3' }).sso.github;
    expect([ghe?.webUrl, ghe?.apiUrl]).toEqual(['https://ghe.example.com', 'https://ghe.example.com/api/v3']);
  });
});

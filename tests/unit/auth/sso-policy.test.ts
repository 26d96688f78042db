import { describe, expect, it } from 'vitest';
import { decideEntry, emailAllowed, githubRole, groupsOf, oidcRole, verifiedClaim } from '@/lib/auth/sso-policy';
import { signInMethodsOf } from '@/lib/auth/sso-sign-in';

const open = { allowedDomains: [], allowedEmails: [] };
const listed = { allowedDomains: ['example.com'], allowedEmails: ['ada@other.org'] };

describe('groupsOf', () => {
  it('reads a list or a separated string, drops what is not a name, and strips Keycloak’s leading slash', () => {
    expect(groupsOf({ groups: ['/hostwatch-admins', 'ops', 7, '', null] }, 'groups')).toEqual(['hostwatch-admins', 'ops']);
    expect(groupsOf({ roles: 'admin viewer,ops' }, 'roles')).toEqual(['admin', 'viewer', 'ops']);
    expect(groupsOf({ groups: { admin: true } }, 'groups')).toEqual([]);
    expect(groupsOf({}, 'groups')).toEqual([]);
    // Bounded: a hostile provider cannot make us compare a million names.
    expect(groupsOf({ groups: Array.from({ length: 5000 }, (_, i) => `g${i}`) }, 'groups')).toHaveLength(256);
    expect(groupsOf({ groups: ['x'.repeat(201)] }, 'groups')).toEqual([]);
    expect(groupsOf(Object.create({ groups: ['admin'] }) as Record<string, unknown>, 'groups')).toEqual([]);
  });
});

describe('oidcRole', () => {
  const rules = { adminGroups: ['hostwatch-admins', '/platform'], viewerGroups: [] as string[] };
  it('makes admin group members admins and everyone else viewers', () => {
    expect(oidcRole(['hostwatch-admins'], rules)).toBe('admin');
    expect(oidcRole(['platform'], rules)).toBe('admin');
    expect(oidcRole(['staff'], rules)).toBe('viewer');
    expect(oidcRole([], rules)).toBe('viewer');
  });
  it('keeps out who is in neither group when viewer groups are set', () => {
    const strict = { ...rules, viewerGroups: ['hostwatch-users'] };
    expect(oidcRole(['hostwatch-users'], strict)).toBe('viewer');
    expect(oidcRole(['hostwatch-admins'], strict)).toBe('admin');
    expect(oidcRole(['staff'], strict)).toBeNull();
  });
});

describe('githubRole', () => {
  const gh = { org: 'Acme', adminTeams: ['ops'] };
  it('needs the organization, then an admin team in it for admin (without case)', () => {
    expect(githubRole({ orgs: ['acme'], teams: [{ org: 'ACME', slug: 'Ops' }] }, gh)).toBe('admin');
    expect(githubRole({ orgs: ['acme'], teams: [{ org: 'other', slug: 'ops' }] }, gh)).toBe('viewer');
    expect(githubRole({ orgs: ['other'], teams: [{ org: 'acme', slug: 'ops' }] }, gh)).toBeNull();
    expect(githubRole({ orgs: [], teams: [] }, { org: undefined, adminTeams: [] })).toBe('viewer');
  });
});

describe('emailAllowed and decideEntry', () => {
  it('matches a domain or an exact address; empty lists let everyone in', () => {
    expect(emailAllowed('bob@Example.com', listed)).toBe(true);
    expect(emailAllowed('ada@other.org', listed)).toBe(true);
    expect(emailAllowed('eve@other.org', listed)).toBe(false);
    expect(emailAllowed('bob@sub.example.com', listed)).toBe(false);
    expect(emailAllowed('example.com', listed)).toBe(false);
    expect(emailAllowed('anyone@anywhere.net', open)).toBe(true);
  });
  it('needs an email, a verified one when a list applies, then the role rule', () => {
    expect(decideEntry({ email: null, emailVerified: false, role: 'admin' }, open)).toEqual({ kind: 'refused', reason: 'no_email' });
    expect(decideEntry({ email: 'bob@example.com', emailVerified: false, role: 'admin' }, listed)).toEqual({ kind: 'refused', reason: 'email_unverified' });
    expect(decideEntry({ email: 'bob@example.com', emailVerified: false, role: 'viewer' }, open)).toEqual({ kind: 'ok', role: 'viewer' });
    expect(decideEntry({ email: 'eve@evil.com', emailVerified: true, role: 'admin' }, listed)).toEqual({ kind: 'refused', reason: 'email_not_allowed' });
    expect(decideEntry({ email: 'bob@example.com', emailVerified: true, role: null }, listed)).toEqual({ kind: 'refused', reason: 'not_in_group' });
    expect(decideEntry({ email: 'bob@example.com', emailVerified: true, role: null, refusedAs: 'not_in_org' }, listed)).toEqual({ kind: 'refused', reason: 'not_in_org' });
    expect(decideEntry({ email: 'bob@example.com', emailVerified: true, role: 'admin' }, listed)).toEqual({ kind: 'ok', role: 'admin' });
  });
  it('counts email_verified only when the provider says true', () => {
    expect([true, 'true', false, 'false', 1, undefined].map(verifiedClaim)).toEqual([true, true, false, false, false, false]);
  });
});

describe('signInMethodsOf', () => {
  it('lists the password when there is one, then each provider once', () => {
    const linked = [
      { provider: 'oidc', subject: 'a', linkedAt: 1 },
      { provider: 'github', subject: '1', linkedAt: 2 },
      { provider: 'oidc', subject: 'b', linkedAt: 3 },
    ];
    expect(signInMethodsOf({ passwordHash: 'scrypt$x', identities: linked })).toEqual(['password', 'oidc', 'github']);
    expect(signInMethodsOf({ passwordHash: '', identities: linked.slice(1, 2) })).toEqual(['github']);
    expect(signInMethodsOf({ passwordHash: 'scrypt$x' })).toEqual(['password']);
  });
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { startGithubStandIn, type GithubStandIn } from '../support/github-standin';
import { startNextServer, type NextServer } from '../support/next-server';
import { startOidcProvider, type OidcTestProvider } from '../support/oidc-provider';

/**
 * Single sign-on in Chromium, end to end, against servers of its own (the shared e2e server has no provider):
 *
 * - server A: password sign-in on, a generic OIDC provider (the real `oidc-provider` package on loopback, PKCE
 *   required there) with an allow-list by domain and group → role mapping, and GitHub — a local stand-in speaking
 *   GitHub's OAuth and REST endpoints (tests/support/github-standin.ts), not GitHub itself;
 * - server B: password sign-in off, one named OIDC provider, and the break-glass code printed in its log.
 */
test.describe.configure({ mode: 'serial' });

const OIDC = { clientId: 'hostwatch-e2e', clientSecret: 'e2e-oidc-client-secret-0123456789' };
const GH = { clientId: 'gh-e2e-client', clientSecret: 'gh-e2e-client-secret-0123456789' };
const ADMIN = { email: 'owner@example.test', password: 'e2e-owner-password-1' };

let idp: OidcTestProvider;
let github: GithubStandIn;
let a: NextServer;
let b: NextServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  idp = await startOidcProvider();
  github = await startGithubStandIn(GH);
  [a, b] = await Promise.all([
    startNextServer({
      HOSTWATCH_STORE: 'sqlite',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      HOSTWATCH_OIDC_ISSUER: idp.issuer,
      HOSTWATCH_OIDC_CLIENT_ID: OIDC.clientId,
      HOSTWATCH_OIDC_CLIENT_SECRET: OIDC.clientSecret,
      HOSTWATCH_OIDC_NAME: 'Test IdP',
      HOSTWATCH_OIDC_ADMIN_GROUPS: 'hostwatch-admins',
      HOSTWATCH_OIDC_VIEWER_GROUPS: 'hostwatch-users',
      HOSTWATCH_SSO_ALLOWED_DOMAINS: 'example.test',
      HOSTWATCH_GITHUB_CLIENT_ID: GH.clientId,
      HOSTWATCH_GITHUB_CLIENT_SECRET: GH.clientSecret,
      HOSTWATCH_GITHUB_ORG: 'acme',
      HOSTWATCH_GITHUB_ADMIN_TEAMS: 'ops',
      HOSTWATCH_GITHUB_URL: github.url,
      HOSTWATCH_GITHUB_API_URL: github.url,
    }),
    startNextServer({
      HOSTWATCH_STORE: 'sqlite',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      HOSTWATCH_PASSWORD_LOGIN: 'false',
      HOSTWATCH_OIDC_PROVIDERS: 'corp',
      HOSTWATCH_OIDC_CORP_ISSUER: idp.issuer,
      HOSTWATCH_OIDC_CORP_CLIENT_ID: OIDC.clientId,
      HOSTWATCH_OIDC_CORP_CLIENT_SECRET: OIDC.clientSecret,
      HOSTWATCH_OIDC_CORP_NAME: 'Corp SSO',
      HOSTWATCH_SSO_ALLOWED_EMAILS: 'erin@example.test',
    }),
  ]);
  idp.setClient({ ...OIDC, redirectUris: [`${a.url}/api/auth/callback/oidc`, `${b.url}/api/auth/callback/oidc-corp`] });
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), idp?.stop(), github?.stop()]);
});

/** Through the sign-in page's provider button and the test IdP's login screen. */
async function oidcSignIn(page: Page, base: string, button: string, login: string) {
  await page.goto(`${base}/login`);
  await page.getByRole('button', { name: `Sign in with ${button}` }).click();
  await page.getByLabel('Login').fill(login);
  await page.getByRole('button', { name: 'Sign in to the test IdP' }).click();
}

async function roleOf(page: Page, base: string): Promise<string | null> {
  const session = (await (await page.request.get(`${base}/api/auth/session`)).json()) as { user?: { role: string } };
  return session.user?.role ?? null;
}

/** A fresh browser (no IdP session either), so the IdP asks who signs in. */
async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test('the sign-in page offers a button per provider above the password form; an OIDC admin lands as admin, with PKCE', async ({ page }) => {
  idp.setUser('alice', { email: 'alice@example.test', email_verified: true, name: 'Alice', groups: ['hostwatch-admins'] });
  await page.goto(`${a.url}/login`);
  await expect(page.getByRole('button', { name: 'Sign in with Test IdP' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with GitHub' })).toBeVisible();
  await expect(page.getByLabel('Email')).toBeVisible();
  const exchanged = idp.tokenRequests().length;
  await oidcSignIn(page, a.url, 'Test IdP', 'alice');
  await expect(page).toHaveURL(`${a.url}/`);
  expect(await roleOf(page, a.url)).toBe('admin');
  expect(idp.tokenRequests().slice(exchanged)).toEqual([{ codeVerifier: true }]);
  // The users screen names how each user signs in.
  await page.goto(`${a.url}/settings/users`);
  const row = page.getByRole('row').filter({ hasText: 'alice@example.test' });
  await expect(row.getByTestId('sign-in-methods')).toHaveText('Signs in with: Test IdP');
  await expect(page.getByRole('row').filter({ hasText: ADMIN.email }).getByTestId('sign-in-methods')).toHaveText('Signs in with: Password');
});

test('a user outside the allow-list is refused with a page that says why', async ({ page }) => {
  idp.setUser('mallory', { email: 'mallory@elsewhere.test', email_verified: true, groups: ['hostwatch-admins'] });
  await oidcSignIn(page, a.url, 'Test IdP', 'mallory');
  await expect(page).toHaveURL(/\/login\/refused\?reason=email_not_allowed$/);
  await expect(page.getByRole('heading', { name: 'You cannot sign in' })).toBeVisible();
  await expect(page.locator('main').getByRole('alert')).toContainText('not on this server’s list of who may sign in');
  expect(await roleOf(page, a.url)).toBeNull();
});

test('a group change demotes at the next sign-in, every session sees it at its next request, and removal ends them', async ({ browser }) => {
  idp.setUser('bob', { email: 'bob@example.test', email_verified: true, groups: ['hostwatch-admins'] });
  const first = await freshPage(browser);
  await oidcSignIn(first, a.url, 'Test IdP', 'bob');
  await expect(first).toHaveURL(`${a.url}/`);
  expect(await roleOf(first, a.url)).toBe('admin');

  idp.setUser('bob', { email: 'bob@example.test', email_verified: true, groups: ['hostwatch-users'] });
  const second = await freshPage(browser);
  await oidcSignIn(second, a.url, 'Test IdP', 'bob');
  await expect(second).toHaveURL(`${a.url}/`);
  expect(await roleOf(second, a.url)).toBe('viewer');
  expect(await roleOf(first, a.url)).toBe('viewer');
  await first.goto(`${a.url}/settings/users`);
  await expect(first.getByText('Only admins can manage this')).toBeVisible();

  idp.setUser('bob', { email: 'bob@example.test', email_verified: true, groups: ['other-team'] });
  const third = await freshPage(browser);
  await oidcSignIn(third, a.url, 'Test IdP', 'bob');
  await expect(third).toHaveURL(/\/login\/refused\?reason=not_in_group$/);
  await expect(third.locator('main').getByRole('alert')).toContainText('not in a group that may use this Hostwatch');
  expect(await roleOf(first, a.url)).toBeNull();
  expect(await roleOf(second, a.url)).toBeNull();
});

test('a provider account with a verified email joins the password user of that email', async ({ page }) => {
  idp.setUser('owner-sso', { email: ADMIN.email, email_verified: true, groups: ['hostwatch-admins'] });
  await oidcSignIn(page, a.url, 'Test IdP', 'owner-sso');
  await expect(page).toHaveURL(`${a.url}/`);
  await page.goto(`${a.url}/settings/users`);
  await expect(page.getByRole('row').filter({ hasText: ADMIN.email }).getByTestId('sign-in-methods')).toHaveText('Signs in with: Password, Test IdP');
});

test('GitHub (a local stand-in): an organization member in the admin team is an admin; a non-member is refused', async ({ browser }) => {
  github.signInAs({
    id: 583231,
    login: 'octo',
    name: 'Octo Cat',
    emails: [
      { email: 'octo@users.noreply.github.com', primary: false, verified: true },
      { email: 'octo@example.test', primary: true, verified: true },
    ],
    orgs: ['acme'],
    teams: [{ org: 'acme', slug: 'ops' }],
  });
  const page = await freshPage(browser);
  await page.goto(`${a.url}/login`);
  await page.getByRole('button', { name: 'Sign in with GitHub' }).click();
  await expect(page).toHaveURL(`${a.url}/`);
  expect(await roleOf(page, a.url)).toBe('admin');

  github.signInAs({ id: 777, login: 'stranger', emails: [{ email: 'stranger@example.test', primary: true, verified: true }], orgs: ['elsewhere'] });
  const other = await freshPage(browser);
  await other.goto(`${a.url}/login`);
  await other.getByRole('button', { name: 'Sign in with GitHub' }).click();
  await expect(other).toHaveURL(/\/login\/refused\?reason=not_in_org$/);
  await expect(other.locator('main').getByRole('alert')).toContainText('not a member of the organization');
});

test('password sign-in off: no form, the credentials endpoint refuses, the named provider still signs in', async ({ page }) => {
  await page.goto(`${b.url}/login`);
  await expect(page.getByRole('button', { name: 'Sign in with Corp SSO' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveCount(0);
  await expect(page.getByLabel('Password')).toHaveCount(0);
  const { csrfToken } = (await (await page.request.get(`${b.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const refused = await page.request.post(`${b.url}/api/auth/callback/credentials`, {
    form: { csrfToken, email: ADMIN.email, password: ADMIN.password, json: 'true' },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('password_login_off');
  expect(await roleOf(page, b.url)).toBeNull();

  idp.setUser('erin', { email: 'erin@example.test', email_verified: true, groups: [] });
  await oidcSignIn(page, b.url, 'Corp SSO', 'erin');
  await expect(page).toHaveURL(`${b.url}/`);
  expect(await roleOf(page, b.url)).toBe('viewer');
});

test('the break-glass code from the server log signs in once as an admin, then never again', async ({ browser }) => {
  const code = /break-glass code \(signs in once as an admin, valid 24 hours\): ([A-Z0-9-]+)/.exec(b.output())?.[1];
  expect(code).toMatch(/^([A-Z0-9]{4}-){7}[A-Z0-9]{4}$/);
  const page = await freshPage(browser);
  await page.goto(`${b.url}/login/break-glass`);
  await page.getByLabel('Break-glass code').fill(code!);
  await page.getByRole('button', { name: 'Sign in once as admin' }).click();
  await expect(page).toHaveURL(`${b.url}/`);
  expect(await roleOf(page, b.url)).toBe('admin');

  const again = await freshPage(browser);
  await again.goto(`${b.url}/login/break-glass`);
  await again.getByLabel('Break-glass code').fill(code!);
  await again.getByRole('button', { name: 'Sign in once as admin' }).click();
  await expect(again.locator('main').getByRole('alert')).toContainText('not valid, or it was used already');
  expect(await roleOf(again, b.url)).toBeNull();
  // Server A has password sign-in on: no break-glass page there.
  expect((await again.request.get(`${a.url}/login/break-glass`)).status()).toBe(404);
});

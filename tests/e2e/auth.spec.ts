import { expect, test, type Page } from '@playwright/test';
import { e2eAdmin } from '../../playwright.config';

/**
 * Sign-in in Chromium against the production server: a wrong password says
 * so, the right one gets in where the visitor was going, the settings pages
 * show who is signed in, admins add hosts there, a viewer sees no admin
 * controls, sign-out gets out, and no page logs an error (a CSP that blocked
 * Next.js's own scripts would show up here first).
 */

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const ADMIN_ONLY_SECTIONS = ['/settings/hosts', '/settings/users', '/settings/shares'];

test('a signed-out visit goes to the sign-in page, which works under the CSP', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/settings/account');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Faccount$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // The form is interactive only if the page's scripts ran: a client-side message proves it.
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login/);
  expect(errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
});

test('an admin signs in, lands where they were going, adds a host from settings and signs out', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  // A bookmark of the old account page: sign in, then its new home.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByTestId('account-email')).toHaveText(e2eAdmin.email);
  await expect(page.getByTestId('account-role')).toHaveText('admin');
  await expect(page.getByRole('form', { name: 'Change password' })).toBeVisible();

  // Permanently, so browsers and crawlers update the address.
  const moved = await page.request.get('/account', { maxRedirects: 0 });
  expect(moved.status()).toBe(308);
  expect(new URL(moved.headers()['location']!, page.url()).pathname).toBe('/settings/account');

  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Hosts' }).click();
  await expect(page).toHaveURL(/\/settings\/hosts$/);
  await expect(page.getByRole('heading', { name: 'Add a host' })).toBeVisible();
  await page.getByLabel('Host name').fill('e2e-web');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByTestId('install-command')).toHaveText(
    // The token travels in the environment, never in argv (where every local user's `ps` would show it).
    /^curl -fsSL '.*\/install\.sh' \| HOSTWATCH_TOKEN='hwh_[^']+' sudo --preserve-env=HOSTWATCH_TOKEN sh -s -- --url '[^']+'$/,
  );

  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/settings/account');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Faccount$/);
  expect(errors).toEqual([]);
});

test('a viewer sees no admin controls, may only make read tokens, and changes their password', async ({ page, browser }) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await expect(page).toHaveURL(/\/$/);
  const viewer = { email: `viewer-${Date.now()}@example.test`, password: 'viewer-password-1' };
  const created = await page.request.post('/api/v1/users', { data: { ...viewer, role: 'viewer' } });
  expect(created.status()).toBe(201);

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  const errors = collectConsoleErrors(viewerPage);
  await signIn(viewerPage, viewer.email, viewer.password);
  await expect(viewerPage).toHaveURL(/\/$/);

  await viewerPage.goto('/settings');
  await expect(viewerPage).toHaveURL(/\/settings\/account$/);
  await expect(viewerPage.getByTestId('account-email')).toHaveText(viewer.email);
  await expect(viewerPage.getByTestId('account-role')).toHaveText('viewer');
  await expect(viewerPage.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Hosts' })).toHaveCount(0);

  for (const section of ADMIN_ONLY_SECTIONS) {
    await viewerPage.goto(section);
    await expect(viewerPage.getByText('Only admins can manage this')).toBeVisible();
    await expect(viewerPage.getByRole('heading', { name: 'Add a host' })).toHaveCount(0);
    await expect(viewerPage.getByRole('button', { name: /^(Add host|Add user|Create link)$|^(Delete|Rotate|Revoke) / })).toHaveCount(0);
  }

  await viewerPage.goto('/settings/tokens');
  await expect(viewerPage.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  const scope = viewerPage.getByLabel('Scope');
  await expect(scope.locator('option')).toHaveText(['read']);
  await expect(scope.locator('option')).toHaveAttribute('value', 'read');
  await viewerPage.getByLabel('Name').fill('viewer-script');
  await viewerPage.getByRole('button', { name: 'Create token' }).click();
  await expect(viewerPage.getByTestId('api-token')).toHaveText(/^hwa_/);
  const token = (await viewerPage.getByTestId('api-token').textContent())!;
  await expect(viewerPage.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'viewer-script' })).toContainText('read');
  // The token alone (no session cookie: a session would win) is a read token of this viewer.
  const asToken = await fetch(new URL('/api/v1/account', viewerPage.url()), { headers: { authorization: `Bearer ${token}` } });
  expect(asToken.status).toBe(200);
  expect(await asToken.json()).toMatchObject({ user: { email: viewer.email, role: 'viewer' }, via: { kind: 'api-token', scope: 'read' } });
  // And the API agrees: the viewer's own session cannot enrol a host.
  const forbidden = await viewerPage.request.post('/api/v1/hosts', { data: { name: 'nope' } });
  expect(forbidden.status()).toBe(403);

  // Changing the password ends the session; sign-in says why and takes the new one.
  await viewerPage.goto('/settings/account');
  const form = viewerPage.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(viewer.password);
  await form.getByLabel(/^New password/).fill('viewer-password-2');
  await form.getByLabel('Repeat the new password').fill('viewer-password-2');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(viewerPage).toHaveURL(/\/login\?error=PasswordChanged$/);
  await expect(viewerPage.locator('form').getByRole('alert')).toHaveText('Your password was changed; sign in with the new one.');
  await signIn(viewerPage, viewer.email, 'viewer-password-2');
  await expect(viewerPage).toHaveURL(/\/$/);
  expect(errors).toEqual([]);
  await context.close();
});

import { expect, test, type Page } from '@playwright/test';
import { e2eAdmin } from '../../playwright.config';

/**
 * Sign-in in Chromium against the production server: a wrong password says
 * so, the right one gets in, sign-out gets out, a viewer sees no admin
 * controls, and no page logs an error (a CSP that blocked Next.js's own
 * scripts would show up here first).
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

test('a signed-out visit goes to the sign-in page, which works under the CSP', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // The form is interactive only if the page's scripts ran: a client-side message proves it.
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
  await expect(page).toHaveURL(/\/login/);
  expect(errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
});

test('an admin signs in, lands where they were going, sees admin controls and signs out', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/account');
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-email')).toHaveText(e2eAdmin.email);
  await expect(page.getByRole('heading', { name: 'Add a host' })).toBeVisible();

  await page.getByLabel('Host name').fill('e2e-web');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByText(/curl -fsSL '.*\/install\.sh' \| sudo sh -s -- --url '.*' --token 'hwh_/)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login/);
  expect(errors).toEqual([]);
});

test('a viewer sees no admin controls', async ({ page, browser }) => {
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
  await viewerPage.goto('/account');
  await expect(viewerPage.getByTestId('account-role')).toHaveText('viewer');
  await expect(viewerPage.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  await expect(viewerPage.getByRole('heading', { name: 'Add a host' })).toHaveCount(0);
  await expect(viewerPage.getByRole('button', { name: 'Add host' })).toHaveCount(0);
  await expect(viewerPage.getByLabel('Scope').locator('option')).toHaveText(['read']);
  // And the API agrees: the viewer's own session cannot enrol a host.
  const forbidden = await viewerPage.request.post('/api/v1/hosts', { data: { name: 'nope' } });
  expect(forbidden.status()).toBe(403);
  expect(errors).toEqual([]);
  await context.close();
});

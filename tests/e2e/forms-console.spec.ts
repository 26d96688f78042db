import { expect, test } from '@playwright/test';
import { e2eAdmin } from '../../playwright.config';
import { openAddHostForm, signIn } from './support';

/**
 * Forms say what is wrong in words and show their rules first; the console
 * helper drives the dashboard through the same URL the controls write, and
 * share pages do not have it. Against the production server in Chromium.
 */

test.describe.configure({ mode: 'serial' });

test('a bad tag and a weak password are said in plain words, and the rules are shown first', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings/hosts');
  await openAddHostForm(page);
  await page.getByLabel('Host name').fill('forms-e2e');
  await page.getByLabel(/^Tags/).fill('prod, web#1');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByRole('form', { name: 'Add a host' }).getByRole('alert')).toHaveText(
    'Tag 2 (“web#1”) may hold only letters, digits and _ . : / = - (no spaces).',
  );

  await page.goto('/settings/account');
  await expect(page.getByText('at least 10 characters, not a common or guessable one')).toBeVisible();
  await page.getByLabel('Current password').fill(e2eAdmin.password);
  await page.getByLabel(/^New password/).fill('password1234');
  await page.getByLabel('Repeat the new password').fill('password1234');
  await page.getByRole('button', { name: /change password/i }).click();
  await expect(page.getByRole('form', { name: 'Change password' }).getByRole('alert')).toContainText(/^New password is too easy to guess: /);

  await page.goto('/settings/users');
  const initial = page.getByLabel(/^Initial password/);
  await expect(initial).toHaveAttribute('minlength', '10');
  await expect(page.getByText('at least 10 characters, not a common or guessable one')).toBeVisible();
});

test('window.hostwatch lists the fleet, sets the range, Live and the refresh like the controls, and is absent on share pages', async ({ page, browser }) => {
  await signIn(page);
  const created = await page.request.post('/api/v1/hosts', { data: { name: 'console-e2e' } });
  expect(created.status()).toBe(201);
  const host = await created.json();

  await page.goto('/');
  await page.waitForFunction(() => typeof window.hostwatch === 'object');
  const rows = await page.evaluate(() => window.hostwatch!.hosts());
  expect(rows.map((r) => r.name)).toContain('console-e2e');
  expect(await page.evaluate(() => window.hostwatch!.range('24h'))).toMatch(/works on a host page/);
  expect(await page.evaluate(() => window.hostwatch!.help())).toContain("hostwatch.live(true)");

  await page.evaluate(() => window.hostwatch!.open('CONSOLE-E2E'));
  await expect(page).toHaveURL(new RegExp(`/hosts/${host.id}$`));
  await expect(page.getByRole('heading', { name: 'console-e2e' })).toBeVisible();
  await page.waitForFunction(() => typeof window.hostwatch === 'object');
  await page.evaluate(() => window.hostwatch!.range('24h'));
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '24 h' })).toHaveAttribute('aria-pressed', 'true');
  await page.evaluate(() => window.hostwatch!.live(true));
  await expect(page).toHaveURL(/range=live/);
  await expect(page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: 'Live', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.evaluate(() => window.hostwatch!.refresh(5));
  await expect(page).toHaveURL(/refresh=5s/);
  await page.goBack();
  await expect(page).toHaveURL(/range=24h/);

  const share = await page.request.post(`/api/v1/hosts/${host.id}/shares`, { data: { label: 'console e2e' } });
  expect(share.status()).toBe(201);
  const { url } = await share.json();
  const signedOut = await browser.newContext();
  const viewer = await signedOut.newPage();
  await viewer.goto(url);
  await expect(viewer.getByRole('heading', { name: 'console-e2e' })).toBeVisible();
  expect(await viewer.evaluate(() => typeof window.hostwatch)).toBe('undefined');
  await signedOut.close();
});

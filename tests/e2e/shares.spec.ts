import { expect, test, type Browser, type Page } from '@playwright/test';
import { e2eAdmin, e2ePort } from '../../playwright.config';
import { makeBatch, makeSystem } from '../support/samples';
import { screenshot, signIn, watchConsole } from './support';

/**
 * Share links in Chromium against the production server: an admin makes a
 * link from the host page, a fresh signed-out browser opens it and sees the
 * host's charts drawn from data, the process list follows the link's
 * setting, and after the admin revokes it the viewer's next load is a 404.
 */

const serverUrl = `http://127.0.0.1:${e2ePort}`;

/** Five minutes of samples at 5 s, posted the way a collector would. */
async function report(token: string) {
  const batch = { ...makeBatch(Date.now(), 60, 5_000), system: makeSystem('e2e-machine-hostname') };
  const res = await fetch(`${serverUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(batch),
  });
  expect(res.status).toBe(200);
}

/** Creates a link in the host page's Share dialog and returns its URL, read back through the copy button. */
async function createLink(page: Page, opts: { label: string; processes: boolean; history: string }): Promise<string> {
  const dialog = page.getByRole('dialog', { name: /^Share / });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Label (only admins see it)').fill(opts.label);
  await dialog.getByLabel('Expires after').selectOption({ label: '1 day' });
  await dialog.getByLabel('History shown').selectOption({ label: opts.history });
  await dialog.getByLabel(/Include the process list/).setChecked(opts.processes);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const shown = dialog.getByTestId('share-url');
  await expect(shown).toContainText('/share/hws_');
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await shown.textContent());
  await expect(dialog.getByRole('row').filter({ hasText: opts.label })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toHaveCount(0);
  return copied;
}

async function openSignedOut(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page, { warnings: false });
  const response = await page.goto(url);
  return { context, page, problems, response };
}

test.describe.configure({ mode: 'serial' });

test('an admin shares a host, a signed-out browser sees it, and a revoked link is a 404', async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serverUrl });
  const adminProblems = watchConsole(page, { warnings: false });
  await signIn(page);
  const created = await page.request.post('/api/v1/hosts', { data: { name: 'e2e-shared-web' } });
  expect(created.status()).toBe(201);
  const host = await created.json();
  const other = await page.request.post('/api/v1/hosts', { data: { name: 'e2e-not-shared-db' } });
  expect(other.status()).toBe(201);
  await report(host.token);

  await page.goto(`/hosts/${host.id}`);
  await expect(page.getByRole('heading', { name: 'e2e-shared-web' })).toBeVisible();
  const plainUrl = await createLink(page, { label: 'e2e wall', processes: false, history: 'up to 7 days' });
  const withProcessesUrl = await createLink(page, { label: 'e2e with processes', processes: true, history: 'up to 24 hours' });
  expect(plainUrl).toMatch(new RegExp(`^${serverUrl}/share/hws_[A-Za-z0-9_-]{27}$`));

  // A fresh browser with no session: the host's header and charts with data, no way anywhere else.
  const viewer = await openSignedOut(browser, plainUrl);
  expect(viewer.response?.status()).toBe(200);
  expect(viewer.response?.headers()['referrer-policy']).toBe('no-referrer');
  const v = viewer.page;
  await expect(v).toHaveURL(plainUrl);
  await expect(v.getByRole('heading', { name: 'e2e-shared-web' })).toBeVisible();
  await expect(v.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  const charts = v.getByTestId('charts').locator('[data-chart]');
  await expect(charts).not.toHaveCount(0);
  for (const chart of await charts.all()) {
    if ((await chart.getAttribute('data-chart')) === 'temperature') continue;
    await expect(chart.locator('path.recharts-curve[d*="L"]').first()).toBeAttached({ timeout: 20_000 });
  }
  // The depth sections read through the share API too.
  const disks = v.locator('details[data-section="disks"]');
  const diskSeries = v.waitForResponse((r) => r.url().includes('/api/v1/share/') && decodeURIComponent(r.url()).includes('disk.busy:'));
  await disks.locator('summary').click();
  expect((await diskSeries).status()).toBe(200);
  await expect(disks.locator('[data-chart] path.recharts-curve[d*="L"]').first()).toBeAttached({ timeout: 20_000 });
  await disks.locator('summary').click();
  await screenshot(v, 'share-viewer');
  const ranges = v.getByRole('group', { name: 'Time range' });
  await expect(ranges.getByRole('button', { name: '7 d' })).toBeVisible();
  await expect(ranges.getByRole('button', { name: '30 d' })).toHaveCount(0);
  await ranges.getByRole('button', { name: '7 d' }).click();
  await expect(v).toHaveURL(/range=7d/);
  await expect(v.getByTestId('charts')).toHaveAttribute('data-span', String(7 * 24 * 3_600_000), { timeout: 15_000 });
  await expect(v.getByTestId('processes')).toHaveCount(0);
  const hrefs = await v.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs.filter((h) => h !== '#main')).toEqual([]);
  const html = await v.content();
  for (const hidden of ['e2e-not-shared-db', e2eAdmin.email, 'e2e wall', 'e2e-machine-hostname', 'Settings']) expect(html).not.toContain(hidden);

  // Live mode asks through the share API.
  const watch = v.waitForResponse((r) => r.url().includes('/api/v1/share/') && r.url().endsWith('/watch') && r.request().method() === 'POST');
  await ranges.getByRole('button', { name: 'Live' }).click();
  expect((await watch).status()).toBe(200);

  // The link that includes processes shows them, only up to 24 h of history.
  const second = await openSignedOut(browser, withProcessesUrl);
  await expect(second.page.getByTestId('processes').locator('tbody tr').first()).toBeVisible();
  await expect(second.page.getByTestId('processes')).toContainText('postgres');
  await expect(second.page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: '7 d' })).toHaveCount(0);

  // The admin sees the views and revokes the first link from the host page.
  await page.reload();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Share / });
  const row = dialog.getByRole('row').filter({ hasText: 'e2e wall' });
  await expect(row.getByTestId('share-views')).toHaveText('1');
  await screenshot(page, 'share-dialog');
  await row.getByRole('button', { name: 'Revoke e2e wall' }).click();
  await page.getByRole('dialog', { name: /Revoke/ }).getByRole('button', { name: 'Revoke link' }).click();
  await expect(row).toHaveCount(0);

  const reloaded = await v.reload();
  expect(reloaded?.status()).toBe(404);
  await expect(v.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  await expect(v.getByText('e2e-shared-web')).toHaveCount(0);
  await screenshot(v, 'share-revoked');
  const after = await v.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(after.filter((h) => h !== '#main')).toEqual([]);

  // Settings lists links across hosts; revoking there stops the second viewer too.
  await page.goto('/settings/shares');
  const settingsRow = page.getByRole('table', { name: 'Share links' }).getByRole('row').filter({ hasText: 'e2e with processes' });
  await expect(settingsRow).toContainText('e2e-shared-web');
  await expect(settingsRow).toContainText('admin');
  await settingsRow.getByRole('button', { name: 'Revoke e2e with processes' }).click();
  await page.getByRole('dialog', { name: /Revoke/ }).getByRole('button', { name: 'Revoke link' }).click();
  await expect(settingsRow).toHaveCount(0);
  expect((await second.page.reload())?.status()).toBe(404);

  expect(viewer.problems.filter((p) => !/404 \(Not Found\)/.test(p))).toEqual([]);
  expect(second.problems.filter((p) => !/404 \(Not Found\)/.test(p))).toEqual([]);
  expect(adminProblems).toEqual([]);
  await viewer.context.close();
  await second.context.close();
});

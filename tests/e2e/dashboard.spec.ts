import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { e2eAdmin, e2ePort } from '../../playwright.config';
import { openAddHostForm, screenshot, shotsDir, signIn, watchConsole } from './support';

/**
 * The dashboard in Chromium against the production server, the real
 * collector bundle and the embedded store: this machine reports, its page
 * draws every chart, the range follows the URL, Live updates, and a second
 * host goes through add → report → rotate (refused, stale) → delete.
 */

const root = path.resolve(import.meta.dirname, '../..');
const collectorBundle = path.join(root, 'dist', 'hostwatch-collector.mjs');
const serverUrl = `http://127.0.0.1:${e2ePort}`;

interface Collector {
  process: ChildProcess;
  output(): string;
}
const collectors: Collector[] = [];

/** The real collector sampling this machine, posting every 2 s so the test does not wait on the default 10 s. */
function startCollector(token: string): Collector {
  if (!existsSync(collectorBundle)) throw new Error('dist/hostwatch-collector.mjs is missing: run `npm run build` first');
  const spool = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-e2e-spool-'));
  let log = '';
  const child = spawn(process.execPath, [collectorBundle, '--url', serverUrl, '--interval', '1', '--post-interval', '2', '--spool-dir', spool], {
    env: { ...process.env, HOSTWATCH_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const c = { process: child, output: () => log };
  collectors.push(c);
  return c;
}

test.afterAll(() => {
  for (const c of collectors) if (c.process.exitCode === null) c.process.kill('SIGTERM');
});

/** Adds a host from the fleet page and returns the token shown once (read back through the copy button). */
async function addHostFromFleet(page: Page, name: string): Promise<string> {
  await page.goto('/');
  await openAddHostForm(page);
  await page.getByLabel('Host name').fill(name);
  await page.getByRole('button', { name: 'Add host' }).click();
  const enrolment = page.getByTestId('enrolment');
  await expect(enrolment.getByTestId('install-command')).toContainText("HOSTWATCH_TOKEN='hwh_");
  await enrolment.getByRole('button', { name: 'Copy token' }).click();
  await expect(enrolment.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await enrolment.getByTestId('host-token').textContent());
  expect(copied).toMatch(/^hwh_/);
  return copied;
}

function fleetRow(page: Page, name: string): Locator {
  return page.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** The fleet polls every 10 s; reloading shows the server's view at once. */
async function expectFleetStatus(page: Page, name: string, status: string, timeout: number) {
  await expect(async () => {
    await page.goto('/');
    await expect(fleetRow(page, name).locator('[data-status]')).toHaveAttribute('data-status', status, { timeout: 1_000 });
  }).toPass({ timeout });
}

test.describe.configure({ mode: 'serial' });

test('this machine reports, its page draws, ranges follow the URL, Live updates, and a host goes from added to deleted', async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serverUrl });
  const problems = watchConsole(page);
  await signIn(page, e2eAdmin.email, e2eAdmin.password);

  // This machine: enrol it, start its collector, and it shows up online.
  const token = await addHostFromFleet(page, 'this-machine');
  startCollector(token);
  await expectFleetStatus(page, 'this-machine', 'online', 15_000);
  await expect(page.getByTestId('fleet-summary')).toContainText('online');

  // Its page: every chart draws lines with data (Live reads the 1-second raw samples).
  await fleetRow(page, 'this-machine').getByRole('link', { name: 'this-machine' }).click();
  await expect(page).toHaveURL(/\/hosts\/[^/?]+$/);
  await expect(page.getByRole('heading', { name: 'this-machine' })).toBeVisible();
  await page.getByRole('button', { name: 'Live', exact: true }).click();
  await expect(page).toHaveURL(/range=live/);
  const charts = page.getByTestId('charts').locator('[data-chart]');
  await expect(charts).not.toHaveCount(0);
  for (const chart of await charts.all()) {
    // a drawn series is a path with at least one segment (M…L…)
    await expect(chart.locator('path.recharts-curve[d*="L"]').first()).toBeAttached({ timeout: 20_000 });
    await expect(chart.locator('[role="img"]')).toHaveAttribute('aria-label', /latest/);
  }
  await expect(page.locator('[data-chart="filesystems"] [role="meter"]').first()).toBeVisible();
  await expect(page.locator('[data-chart="cores"] [role="img"]')).toHaveAttribute('aria-label', /core 0/);

  // Live: the newest sample keeps moving while the page is open.
  const lastSample = page.getByTestId('last-sample');
  const firstTs = Number(await lastSample.getAttribute('data-ts'));
  await expect.poll(async () => Number(await lastSample.getAttribute('data-ts')), { timeout: 10_000 }).toBeGreaterThan(firstTs);

  // Ranges: the URL follows, and the back button goes to the previous range.
  await page.getByRole('button', { name: '6 h', exact: true }).click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(page.getByTestId('charts')).toHaveAttribute('data-span', String(6 * 3_600_000));
  await page.getByRole('button', { name: '15 m', exact: true }).click();
  await expect(page).toHaveURL(/range=15m/);
  await expect(page.getByTestId('charts')).toHaveAttribute('data-span', String(15 * 60_000));
  await page.goBack();
  await expect(page).toHaveURL(/range=6h/);
  await expect(page.getByRole('button', { name: '6 h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('charts')).toHaveAttribute('data-span', String(6 * 3_600_000));
  await page.reload();
  await expect(page.getByRole('button', { name: '6 h', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // Processes: sorted by name both ways, and filtered.
  const processes = page.getByTestId('processes');
  const names = () => processes.locator('tbody tr td:nth-child(2)').allTextContents();
  await expect(processes.locator('tbody tr').first()).toBeVisible();
  // The table is live (a new snapshot may arrive between reads) and re-sorts after the click: each check polls the order, not the same rows.
  const sorted = (n: string[], dir: 1 | -1) => n.length > 1 && n.every((x, i) => i === 0 || dir * n[i - 1]!.localeCompare(x) <= 0);
  await processes.getByRole('button', { name: 'Name' }).click();
  await expect.poll(async () => sorted(await names(), 1)).toBe(true);
  const first = (await names())[0]!;
  await processes.getByRole('button', { name: 'Name' }).click();
  await expect.poll(async () => sorted(await names(), -1)).toBe(true);
  const term = first.toLowerCase();
  await processes.getByLabel('Filter processes').fill(term);
  const rows = () => processes.locator('tbody tr').allTextContents();
  await expect.poll(async () => (await rows()).length > 0 && (await rows()).every((r) => r.toLowerCase().includes(term))).toBe(true);
  await processes.getByLabel('Filter processes').fill('');

  // A second host: added, copied token, its collector reports, it appears.
  const otherToken = await addHostFromFleet(page, 'e2e-second');
  const second = startCollector(otherToken);
  await expectFleetStatus(page, 'e2e-second', 'online', 20_000);

  // Rotate its token: the running collector is refused and the host goes stale.
  await page.goto('/settings/hosts');
  await page.getByRole('button', { name: 'Rotate the token of e2e-second' }).click();
  await expect(page.getByRole('dialog')).toContainText('e2e-second');
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
  await expect(page.getByTestId('host-token')).toContainText('hwh_');
  expect(await page.getByTestId('host-token').textContent()).not.toBe(otherToken);
  await expect.poll(() => second.output(), { timeout: 30_000 }).toContain('refused the token');
  const secondId = await fleetRowId(page, 'e2e-second');
  await expect(async () => {
    await page.goto(`/hosts/${secondId}`);
    await expect(page.getByTestId('offline-note')).toContainText('stale', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });

  // Delete it, after a confirmation that names it; its page is then a 404.
  await page.goto('/settings/hosts');
  await page.getByRole('button', { name: 'Delete e2e-second' }).click();
  await expect(page.getByRole('dialog')).toContainText('Delete e2e-second?');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete e2e-second' }).click();
  await expect(page.locator('tr[data-host-id]').filter({ hasText: 'e2e-second' })).toHaveCount(0);
  const gone = await page.goto(`/hosts/${secondId}`);
  expect(gone?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();

  expect(problems.filter((p) => !/404 \(Not Found\)/.test(p))).toEqual([]);
});

async function fleetRowId(page: Page, name: string): Promise<string> {
  await page.goto('/');
  const id = await fleetRow(page, name).getAttribute('data-host-id');
  expect(id).toBeTruthy();
  return id!;
}

test('fleet and host pages in light and dark, on a desktop and a phone, without console errors', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  const id = await fleetRowId(page, 'this-machine');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('/');
    await expect(fleetRow(page, 'this-machine').locator('svg path').first()).toBeAttached();
    await screenshot(page, `fleet-${scheme}`);
    await page.goto(`/hosts/${id}?range=live`);
    await expect(page.locator('[data-chart="cpu"] path.recharts-curve').first()).toBeAttached();
    await screenshot(page, `host-${scheme}`);
    // a phone: nothing wider than the screen outside the scrolling tables
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.locator('[data-chart="cpu"] path.recharts-curve').first()).toBeAttached();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `host-${scheme}-phone`);
  }
  copyFileSync(path.join(shotsDir, 'host-light.png'), path.join(root, 'test-results', 'screenshot-host.png'));
  expect(problems).toEqual([]);
});

test('the theme toggle switches and sticks; an unknown host is a 404 page', async ({ page }) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.emulateMedia({ colorScheme: 'light' });
  const html = page.locator('html');
  await page.getByRole('button', { name: /switch to light theme/ }).click();
  await expect(html).toHaveClass('light');
  await page.getByRole('button', { name: /switch to dark theme/ }).click();
  await expect(html).toHaveClass('dark');
  await page.reload();
  // rendered by the server from the cookie: dark before any script runs
  await expect(html).toHaveClass('dark');
  await page.getByRole('button', { name: /switch to system theme/ }).click();
  await expect(html).not.toHaveClass(/dark|light/);

  const res = await page.goto('/hosts/no-such-host');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('a viewer sees the dashboard but no admin controls', async ({ page, browser }) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  const viewer = { email: `dash-viewer-${Date.now()}@example.test`, password: 'viewer-password-1' };
  await page.goto('/settings/users');
  await page.getByLabel('Email').fill(viewer.email);
  await page.getByLabel('Initial password').fill(viewer.password);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('table', { name: 'Users' })).toContainText(viewer.email);

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  const problems = watchConsole(viewerPage);
  await signIn(viewerPage, viewer.email, viewer.password);
  await expect(fleetRow(viewerPage, 'this-machine')).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: 'Add host' })).toHaveCount(0);
  await viewerPage.goto('/settings/hosts');
  await expect(viewerPage.getByText('Only admins can manage this')).toBeVisible();
  await expect(viewerPage.getByRole('button', { name: /Delete|Rotate/ })).toHaveCount(0);
  await expect(viewerPage.getByRole('navigation', { name: 'Settings' }).getByRole('link')).toHaveText(['API tokens', 'Share links', 'Account']);
  await context.close();
  expect(problems).toEqual([]);
});

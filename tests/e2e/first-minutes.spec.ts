import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { screenshot, signIn } from './support';

/**
 * The first minutes of a host, in Chromium against the production server and
 * the real collector: a host that never reported is waiting (not offline, not
 * counted so) with an install command at hand; a brand-new host's charts draw
 * within 15 s of its first batch on the default range, and on 7 and 30 days;
 * a range with no data says so instead of showing an empty grid.
 */

const root = path.resolve(import.meta.dirname, '../..');
const collectorBundle = path.join(root, 'dist', 'hostwatch-collector.mjs');
const serverUrl = `http://127.0.0.1:${e2ePort}`;
const collectors: ChildProcess[] = [];

function startCollector(token: string): ChildProcess {
  if (!existsSync(collectorBundle)) throw new Error('dist/hostwatch-collector.mjs is missing: run `npm run build` first');
  const spool = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-e2e-spool-'));
  const child = spawn(process.execPath, [collectorBundle, '--url', serverUrl, '--interval', '1', '--post-interval', '2', '--spool-dir', spool], {
    env: { ...process.env, HOSTWATCH_TOKEN: token },
    stdio: 'ignore',
  });
  collectors.push(child);
  return child;
}

test.afterAll(() => {
  for (const c of collectors) if (c.exitCode === null) c.kill('SIGTERM');
});

/** Adds a host through the API the Add host form posts to; answers its id and its one-time token. */
async function addHost(page: Page, name: string): Promise<{ id: string; token: string }> {
  const res = await page.request.post('/api/v1/hosts', { data: { name, tags: [] } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

function fleetRow(page: Page, name: string): Locator {
  return page.locator('[data-host-id]').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** Every chart of the host page has a drawn line (a path with a segment) or a dot for a lone point. */
async function expectEveryChartDrawn(page: Page, timeout: number) {
  const charts = page.getByTestId('charts').locator('[data-chart]');
  await expect(charts).not.toHaveCount(0, { timeout });
  for (const chart of await charts.all()) {
    await expect(chart.locator('path.recharts-curve[d*="L"], circle.lone-point').first()).toBeAttached({ timeout });
    await expect(chart.getByTestId('chart-empty')).toHaveCount(0);
  }
}

test.describe.configure({ mode: 'serial' });

const state: { newId?: string; waitingId?: string } = {};

test('a host that never reported is waiting, not offline, with an install command at hand', async ({ page }) => {
  await signIn(page);
  const waiting = await addHost(page, 'fm-never-reported');
  state.waitingId = waiting.id;
  await page.goto('/');
  await expect(fleetRow(page, 'fm-never-reported').locator('[data-status]')).toHaveAttribute('data-status', 'waiting');
  await expect(fleetRow(page, 'fm-never-reported').locator('[data-status]')).toHaveText('waiting');
  // Other specs may have left hosts on this server: count as the server does, and check this one is among the waiting.
  const { hosts } = (await (await page.request.get('/api/v1/fleet')).json()) as { hosts: { id: string; status: string }[] };
  expect(hosts.find((h) => h.id === waiting.id)?.status).toBe('waiting');
  const count = (status: string) => hosts.filter((h) => h.status === status).length;
  const summary = page.getByTestId('fleet-summary');
  await expect(summary).toContainText(`${count('waiting')} waiting for a first report`);
  if (count('offline') === 0) await expect(summary).not.toContainText('offline');
  const statusFilter = page.getByRole('combobox', { name: /^Status/ });
  await expect(statusFilter).toContainText(`Waiting (${count('waiting')})`);
  await expect(statusFilter).toContainText(`Offline (${count('offline')})`);

  await page.goto(`/hosts/${waiting.id}`);
  await expect(page.getByRole('heading', { name: 'fm-never-reported' })).toBeVisible();
  await expect(page.locator('#host-title ~ [data-status]')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('offline-note')).toHaveCount(0);
  const note = page.getByTestId('waiting-note');
  await expect(note).toContainText('Waiting for the first report');
  // The charts say why they are empty rather than showing a bare grid.
  await expect(page.locator('[data-chart="cpu"]').getByTestId('chart-empty')).toHaveText('No data yet — waiting for the first report');
  await note.getByRole('button', { name: 'Show an install command' }).click();
  await expect(note.getByTestId('install-command')).toContainText("HOSTWATCH_TOKEN='hwh_");
  await expect(note.getByTestId('install-command')).toContainText('/install.sh');
  expect(await note.getByTestId('host-token').textContent()).not.toBe(waiting.token);
});

test('a brand-new host draws on the default range within 15 s of its first batch, and on 7 and 30 days', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  const fresh = await addHost(page, 'fm-brand-new');
  state.newId = fresh.id;
  // The page is open before the host ever reports: it says so, then draws what arrives.
  await page.goto(`/hosts/${fresh.id}`);
  await expect(page.locator('[data-chart="cpu"]').getByTestId('chart-empty')).toHaveText('No data yet — waiting for the first report');
  await expect(page.getByTestId('charts')).toHaveAttribute('data-tier', '1m');
  startCollector(fresh.token);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/hosts/${fresh.id}`)).json()) as { lastSeen: number | null }).lastSeen, { timeout: 30_000 })
    .not.toBeNull();
  // From the first batch: at most 15 s (the default range polls every 10 s).
  await expectEveryChartDrawn(page, 15_000);
  await expect(page.getByTestId('charts')).toHaveAttribute('data-tier', '1m');

  for (const [range, span] of [['7d', 7 * 86_400_000], ['30d', 30 * 86_400_000]] as const) {
    await page.goto(`/hosts/${fresh.id}?range=${range}`);
    await expect(page.getByTestId('charts')).toHaveAttribute('data-span', String(span));
    await expect(page.getByTestId('charts')).toHaveAttribute('data-tier', '1h');
    await expectEveryChartDrawn(page, 5_000);
  }

  // The fleet: online, its sparklines draw (a dot for its newest minute), and the summary counts it online.
  await page.goto('/');
  const row = fleetRow(page, 'fm-brand-new');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'online');
  await expect(row.locator('svg circle.spark-dot').first()).toBeAttached();
  const { hosts } = (await (await page.request.get('/api/v1/fleet')).json()) as { hosts: { status: string }[] };
  const online = hosts.filter((h) => h.status === 'online').length;
  await expect(page.getByTestId('fleet-summary')).toContainText(`${online} online`);
  await expect(page.getByTestId('fleet-summary')).toContainText(`${hosts.filter((h) => h.status === 'waiting').length} waiting for a first report`);
});

test('a range with no data says so: "collecting since" before the host began', async ({ page }) => {
  await signIn(page);
  const id = state.newId!;
  const to = Date.now() - 2 * 3_600_000;
  await page.goto(`/hosts/${id}?from=${to - 3_600_000}&to=${to}`);
  const empty = page.locator('[data-chart="cpu"]').getByTestId('chart-empty');
  await expect(empty).toHaveText(/^No data in this range yet — collecting since \d\d:\d\d$/);
  await expect(page.locator('[data-chart="cpu"] path.recharts-curve[d*="L"], [data-chart="cpu"] circle.lone-point')).toHaveCount(0);
});

test('first minutes in light and dark, on a desktop and a phone', async ({ page }) => {
  await signIn(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, width, height] of [['desktop', 1440, 900], ['phone', 390, 844]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`/hosts/${state.waitingId}`);
      await expect(page.getByTestId('waiting-note')).toBeVisible();
      await screenshot(page, `first-minutes-waiting-${scheme}-${device}`);
      await page.goto(`/hosts/${state.newId}`);
      await expectEveryChartDrawn(page, 15_000);
      await screenshot(page, `first-minutes-new-host-${scheme}-${device}`);
      await page.goto('/');
      await expect(page.getByTestId('fleet-summary')).toContainText('waiting for a first report');
      await screenshot(page, `first-minutes-fleet-${scheme}-${device}`);
    }
  }
});

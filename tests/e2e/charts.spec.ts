import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { formatDateTime } from '../../lib/format';
import { formatRangeInput } from '../../lib/ui/time-zone';
import { e2ePort } from '../../playwright.config';
import { openAddHostForm, screenshot, signIn, watchConsole } from './support';

/**
 * The host page's charts in Chromium against the production server and the
 * real collector: a touch tap shows the tapped minute's processes on the
 * first tap, the keyboard cursor picks a minute, the time-zone switch
 * changes axes and labels and survives a reload, the legend hides and
 * shows a series, the memory chart marks the total, and a drag-zoom can be
 * zoomed out and undone with Back.
 */

const root = path.resolve(import.meta.dirname, '../..');
const collectorBundle = path.join(root, 'dist', 'hostwatch-collector.mjs');
const serverUrl = `http://127.0.0.1:${e2ePort}`;
/** Axis geometry of lib/ui/chart-axis.ts: the y-axis width left of the plot, the margin right of it. */
const PLOT_LEFT = 74;
const PLOT_RIGHT = 8;
const ZONE = 'America/New_York';
const HOUR = 3_600_000;

let collector: ChildProcess | null = null;
let hostId = '';

test.afterAll(() => {
  if (collector && collector.exitCode === null) collector.kill('SIGTERM');
});

async function newPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1440, height: 900 }, ...opts });
  const page = await context.newPage();
  await signIn(page);
  return page;
}

const chartBox = (page: Page, id: string): Locator => page.locator(`[data-chart="${id}"] [role="group"]`);

/** The charts' window as the page drew it. */
async function shownWindow(page: Page): Promise<{ from: number; to: number }> {
  const charts = page.getByTestId('charts');
  return { from: Number(await charts.getAttribute('data-from')), to: Number(await charts.getAttribute('data-to')) };
}

async function openHost(page: Page, query: string) {
  await page.goto(`/hosts/${hostId}?${query}`);
  await expect(page.locator('[data-chart="cpu"] path.recharts-curve[d*="L"]').first()).toBeAttached({ timeout: 20_000 });
}

test.describe.configure({ mode: 'serial' });

test('a host with a real collector is enrolled and reports', async ({ browser }) => {
  test.setTimeout(240_000);
  if (!existsSync(collectorBundle)) throw new Error('dist/hostwatch-collector.mjs is missing: run `npm run build` first');
  const page = await newPage(browser);
  await page.goto('/');
  await openAddHostForm(page);
  await page.getByLabel('Host name').fill('charts-machine');
  await page.getByRole('button', { name: 'Add host' }).click();
  const token = (await page.getByTestId('enrolment').getByTestId('host-token').textContent())!.trim();
  expect(token).toMatch(/^hwh_/);
  const spool = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-e2e-spool-'));
  collector = spawn(process.execPath, [collectorBundle, '--url', serverUrl, '--interval', '1', '--post-interval', '2', '--spool-dir', spool], {
    env: { ...process.env, HOSTWATCH_TOKEN: token },
    stdio: 'ignore',
  });
  const row = page.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name: 'charts-machine', exact: true }) });
  await expect(async () => {
    await page.goto('/');
    await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'online', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  hostId = (await row.getAttribute('data-host-id'))!;
  // Enough history that two taps far apart land on different, reported minutes.
  await page.goto(`/hosts/${hostId}?range=15m`);
  await expect.poll(async () => (await page.locator('[data-chart="cpu"] path.recharts-curve[d*="L"]').first().boundingBox())?.width ?? 0, { timeout: 200_000 }).toBeGreaterThan(100);
  await page.context().close();
});

test('a touch tap shows the tapped minute’s processes on the first tap, and the next tap its own', async ({ browser }) => {
  const page = await newPage(browser, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  const problems = watchConsole(page);
  await openHost(page, 'range=15m');
  const box = chartBox(page, 'cpu');
  await box.scrollIntoViewIfNeeded();
  const { from, to } = await shownWindow(page);
  const tolerance = (to - from) / 50;

  const tapAt = async (share: number) => {
    const chart = (await box.boundingBox())!;
    const curve = (await page.locator('[data-chart="cpu"] path.recharts-curve[d*="L"]').first().boundingBox())!;
    const x = curve.x + curve.width * share;
    const expected = from + ((x - chart.x - PLOT_LEFT) / (chart.width - PLOT_LEFT - PLOT_RIGHT)) * (to - from);
    const request = page.waitForRequest(/\/processes\?at=\d+/);
    await page.touchscreen.tap(x, chart.y + chart.height / 2);
    const at = Number(new URL((await request).url()).searchParams.get('at'));
    expect(Math.abs(at - expected)).toBeLessThanOrEqual(tolerance);
    await expect(box).toHaveAttribute('data-picked', String(at));
    return at;
  };

  const when = page.getByTestId('processes-when');
  await expect(when).toContainText('Now');
  const first = await tapAt(0.3);
  await expect(when).toContainText('Snapshot at');
  const firstSnap = Date.parse((await when.locator('time').getAttribute('datetime'))!);
  expect(Math.abs(firstSnap - first)).toBeLessThan(30_000);

  const second = await tapAt(0.95);
  expect(second - first).toBeGreaterThan(tolerance);
  // The table follows the second tap, not the first: its snapshot is the one nearest the second minute.
  await expect.poll(async () => Date.parse((await when.locator('time').getAttribute('datetime')) ?? '0')).not.toBe(firstSnap);
  const secondSnap = Date.parse((await when.locator('time').getAttribute('datetime'))!);
  expect(Math.abs(secondSnap - second)).toBeLessThan(Math.abs(secondSnap - first));
  expect(problems).toEqual([]);
  await page.context().close();
});

test('the keyboard cursor moves with the arrow keys, Enter picks its minute, Escape clears it', async ({ browser }) => {
  const page = await newPage(browser);
  await openHost(page, 'range=15m');
  const box = chartBox(page, 'cpu');
  await box.focus();
  await page.keyboard.press('ArrowLeft');
  const newest = Number(await box.getAttribute('data-cursor'));
  expect(newest).toBeGreaterThan(0);
  await expect(page.locator('[data-chart="cpu"] .chart-cursor')).toHaveCount(1);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  const moved = Number(await box.getAttribute('data-cursor'));
  expect(moved).toBeLessThan(newest);
  const status = page.locator('[data-chart="cpu"]').getByTestId('chart-cursor-status');
  await expect(status).toContainText(`Cursor at ${formatDateTime(moved - 5 * HOUR, true)}`);

  const request = page.waitForRequest(/\/processes\?at=\d+/);
  await page.keyboard.press('Enter');
  expect(new URL((await request).url()).searchParams.get('at')).toBe(String(moved));
  await expect(status).toContainText(`Picked ${formatDateTime(moved - 5 * HOUR, true)}`);
  await expect(page.getByTestId('processes-when')).toContainText('Snapshot at');

  await page.keyboard.press('Escape');
  await expect(box).not.toHaveAttribute('data-cursor');
  await expect(page.locator('[data-chart="cpu"] .chart-cursor')).toHaveCount(0);
  await page.context().close();
});

/** The newest sample's time as the page shows it, with the ts it shows. */
async function newestSample(page: Page): Promise<{ ts: number; text: string }> {
  return page.getByTestId('last-sample').evaluate((el) => ({ ts: Number((el as HTMLElement).dataset.ts), text: el.textContent ?? '' }));
}

const xTicks = (page: Page) => page.locator('[data-chart="cpu"] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
const plusHours = (tick: string, h: number) => {
  const [hh, mm] = tick.split(':').map(Number) as [number, number];
  return `${String((hh + h + 24) % 24).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
};

test('the time-zone switch changes axes, labels and range inputs, and survives a reload', async ({ browser }) => {
  const page = await newPage(browser);
  await openHost(page, 'range=1h&refresh=off');
  await expect(page.getByTestId('time-zone-name')).toHaveText(ZONE);
  await expect(page.getByRole('button', { name: 'Browser', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const local = await newestSample(page);
  // New York is five hours behind UTC in December.
  expect(local.text).toBe(`Newest sample ${formatDateTime(local.ts - 5 * HOUR, true)}`);
  await expect.poll(async () => (await xTicks(page)).length).toBeGreaterThan(1);
  const localTicks = await xTicks(page);

  await page.getByRole('button', { name: 'UTC', exact: true }).click();
  await expect(page).toHaveURL(/tz=utc/);
  await expect(page.getByTestId('time-zone-name')).toHaveText('UTC');
  await expect.poll(() => xTicks(page)).toEqual(localTicks.map((t) => plusHours(t, 5)));
  const utc = await newestSample(page);
  expect(utc.text).toBe(`Newest sample ${formatDateTime(utc.ts, true)}`);

  await page.reload();
  await expect(page.getByRole('button', { name: 'UTC', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('time-zone-name')).toHaveText('UTC');
  const reloaded = await newestSample(page);
  expect(reloaded.text).toBe(`Newest sample ${formatDateTime(reloaded.ts, true)}`);

  // Another range keeps the zone; the custom inputs are 24-hour UTC and what is typed is read as UTC.
  await page.getByRole('button', { name: '6 h', exact: true }).click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(page).toHaveURL(/tz=utc/);
  await expect(page.getByTestId('charts')).toHaveAttribute('data-span', String(6 * HOUR));
  await page.getByRole('button', { name: 'Custom' }).click();
  const { from } = await shownWindow(page);
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(formatRangeInput(from, 'utc'));
  const start = new Date(from + HOUR);
  start.setUTCMinutes(0, 0, 0);
  await page.getByLabel('From', { exact: true }).fill(formatRangeInput(start.getTime(), 'utc'));
  await page.getByLabel('To', { exact: true }).fill(formatRangeInput(start.getTime() + HOUR, 'utc'));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(start.toISOString().replace('.000Z', 'Z'));
  expect(new URL(page.url()).searchParams.get('to')).toBe(new Date(start.getTime() + HOUR).toISOString().replace('.000Z', 'Z'));
  await expect(page.getByTestId('custom-window')).toHaveText(`${formatDateTime(start.getTime(), true)} – ${formatDateTime(start.getTime() + HOUR, true)}`);

  await page.getByRole('button', { name: 'Browser', exact: true }).click();
  await expect(page).not.toHaveURL(/tz=/);
  await expect(page.getByTestId('time-zone-name')).toHaveText(ZONE);
  await page.context().close();
});

test('a legend item hides its series and shows it again; the memory chart marks the total; rate axes do not wrap', async ({ browser }) => {
  const page = await newPage(browser);
  await openHost(page, 'range=15m&refresh=off');
  const cpu = page.locator('[data-chart="cpu"]');
  const areas = cpu.locator('path.recharts-area-area');
  const before = await areas.count();
  expect(before).toBeGreaterThan(1);
  const user = cpu.getByRole('button', { name: /^User, latest / });
  await expect(user).toHaveAttribute('aria-pressed', 'true');
  await user.click();
  await expect(user).toHaveAttribute('aria-pressed', 'false');
  await expect(user).toHaveAccessibleName(/hidden$/);
  await expect(areas).toHaveCount(before - 1);
  await user.focus();
  await page.keyboard.press('Enter');
  await expect(user).toHaveAttribute('aria-pressed', 'true');
  await expect(areas).toHaveCount(before);
  await expect(cpu.getByText('latest', { exact: true })).toBeVisible();

  await expect(page.locator('[data-chart="memory"]').getByText(/^Total [\d.]+ [KMGT]iB$/)).toBeVisible();

  for (const id of ['disk', 'network']) {
    const ticks = page.locator(`[data-chart="${id}"] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value`);
    expect(await ticks.count()).toBeGreaterThan(1);
    for (const tick of await ticks.all()) await expect(tick.locator('tspan')).toHaveCount(1);
    // The top label is inside the chart, not cut off at its upper edge.
    const svg = (await page.locator(`[data-chart="${id}"] svg.recharts-surface`).first().boundingBox())!;
    const top = (await ticks.last().boundingBox())!;
    expect(top.y).toBeGreaterThanOrEqual(svg.y);
  }
  await page.context().close();
});

test('a drag-zoom can be zoomed out, and Back returns to each range before', async ({ browser }) => {
  const page = await newPage(browser);
  await openHost(page, 'range=1h');
  const charts = page.getByTestId('charts');
  await expect(charts).toHaveAttribute('data-span', String(HOUR));
  const chart = (await chartBox(page, 'cpu').boundingBox())!;
  const plot = chart.width - PLOT_LEFT - PLOT_RIGHT;
  const y = chart.y + chart.height / 2;
  await page.mouse.move(chart.x + PLOT_LEFT + plot * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(chart.x + PLOT_LEFT + plot * 0.5, y, { steps: 5 });
  await page.mouse.move(chart.x + PLOT_LEFT + plot * 0.7, y, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*to=/);
  await expect.poll(async () => Number(await charts.getAttribute('data-span'))).toBeLessThan(HOUR / 2);
  const zoomed = Number(await charts.getAttribute('data-span'));
  const zoomedUrl = page.url();

  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect.poll(async () => Number(await charts.getAttribute('data-span'))).toBe(2 * zoomed);

  await page.goBack();
  await expect(page).toHaveURL(zoomedUrl);
  await expect.poll(async () => Number(await charts.getAttribute('data-span'))).toBe(zoomed);
  await page.goBack();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByRole('button', { name: '1 h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(charts).toHaveAttribute('data-span', String(HOUR));
  await page.context().close();
});

test('host page charts in light and dark, on a desktop and a phone', async ({ browser }) => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const phone of [false, true]) {
      const page = await newPage(browser, { colorScheme: scheme, viewport: phone ? { width: 390, height: 844 } : { width: 1440, height: 900 }, hasTouch: phone, isMobile: phone });
      const problems = watchConsole(page);
      await openHost(page, 'range=15m');
      // A keyboard cursor on the CPU chart, so the pictures show it too.
      await chartBox(page, 'cpu').focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
      await expect(page.locator('[data-chart="cpu"] .chart-cursor')).toHaveCount(1);
      await expect(page.locator('[data-chart="memory"]').getByText(/^Total /)).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone ? 390 : 1440);
      await screenshot(page, `charts-host-${scheme}${phone ? '-phone' : ''}`);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  }
});

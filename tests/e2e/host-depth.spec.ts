import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { screenshot, signIn } from './support';

/**
 * The host page's depth sections in Chromium against the production server
 * and the real collector sampling this machine: each section stays closed
 * (and unfetched) until opened, then draws the picked disk, interface,
 * filesystem's inodes, core, or says the host has no sensors; the process
 * table shows a name longer than Linux's 15-character comm.
 */

const root = path.resolve(import.meta.dirname, '../..');
const collectorBundle = path.join(root, 'dist', 'hostwatch-collector.mjs');
const serverUrl = `http://127.0.0.1:${e2ePort}`;
/** 31 characters: Linux keeps the first 15 as the process's comm. */
const LONG_NAME = 'hostwatch-depth-long-proc-name1';

const children: ChildProcess[] = [];
test.afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
});

function startCollector(token: string): void {
  if (!existsSync(collectorBundle)) throw new Error('dist/hostwatch-collector.mjs is missing: run `npm run build` first');
  const spool = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-e2e-depth-spool-'));
  children.push(
    spawn(process.execPath, [collectorBundle, '--url', serverUrl, '--interval', '1', '--post-interval', '2', '--spool-dir', spool], {
      env: { ...process.env, HOSTWATCH_TOKEN: token },
      stdio: 'ignore',
    }),
  );
}

/**
 * Node copied to a file with a 31-character name, sleeping. It holds 400 MiB
 * (filled, so resident) to be among the top 15 by memory that the collector
 * reports, whatever else this shared machine runs.
 */
function startLongNamedProcess(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-e2e-depth-bin-'));
  const bin = path.join(dir, LONG_NAME);
  copyFileSync(process.execPath, bin);
  children.push(spawn(bin, ['-e', 'globalThis.keep = Buffer.alloc(400 * 2 ** 20, 1); setInterval(() => {}, 1e9);'], { stdio: 'ignore' }));
}

async function addHost(page: Page, name: string): Promise<string> {
  await page.goto('/');
  if (!(await page.getByLabel('Host name').isVisible())) await page.getByRole('button', { name: 'Add host' }).click();
  await page.getByLabel('Host name').fill(name);
  await page.getByRole('button', { name: 'Add host' }).click();
  const token = (await page.getByTestId('enrolment').getByTestId('host-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^hwh_/);
  return token;
}

function fleetRow(page: Page, name: string): Locator {
  return page.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name, exact: true }) });
}

function section(page: Page, id: string): Locator {
  return page.locator(`details[data-section="${id}"]`);
}

/** Opens a section by its summary (keyboard: focus and Enter, as a keyboard user would). */
async function open(page: Page, id: string): Promise<Locator> {
  const s = section(page, id);
  await s.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(s).toHaveAttribute('open', '');
  return s;
}

/** Every chart of an open section draws a line (a path with at least one segment). */
async function expectChartsDrawn(s: Locator) {
  const charts = s.locator('[data-chart]');
  await expect(charts).not.toHaveCount(0);
  for (const chart of await charts.all()) await expect(chart.locator('path.recharts-curve[d*="L"]').first()).toBeAttached({ timeout: 20_000 });
}

test.describe.configure({ mode: 'serial' });
let hostId = '';

test('depth sections open on demand, pick a device and draw it; processes show their full names', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serverUrl });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  const seriesAsked: string[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/series?')) seriesAsked.push(new URL(req.url()).searchParams.get('metrics') ?? '');
  });

  await signIn(page);
  const token = await addHost(page, 'depth-machine');
  startLongNamedProcess();
  startCollector(token);
  await expect(async () => {
    await page.goto('/');
    await expect(fleetRow(page, 'depth-machine').locator('[data-status]')).toHaveAttribute('data-status', 'online', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  hostId = (await fleetRow(page, 'depth-machine').getAttribute('data-host-id')) ?? '';
  expect(hostId).not.toBe('');

  await page.goto(`/hosts/${hostId}?range=live`);
  await expect(page.locator('[data-chart="cpu"] path.recharts-curve').first()).toBeAttached({ timeout: 20_000 });
  // Collapsed by default, and nothing of theirs fetched: the page's first load stays the headline charts'.
  const sections = page.getByTestId('depth-sections').locator('details');
  await expect(sections).not.toHaveCount(0);
  for (const s of await sections.all()) await expect(s).not.toHaveAttribute('open');
  expect(seriesAsked.some((m) => m.includes('disk.busy') || m.includes('cpu.core'))).toBe(false);

  // Disks: the picker lists this machine's devices; the picked one's throughput, IOPS and busy time draw.
  const disks = await open(page, 'disks');
  const diskPicker = disks.getByLabel('Disk');
  await expect(diskPicker.locator('option').first()).toBeAttached(); // the section renders its picker after opening
  const diskNames = await diskPicker.locator('option').allTextContents();
  expect(diskNames.length).toBeGreaterThan(0);
  const disk = diskNames.at(-1)!;
  await diskPicker.selectOption(disk);
  await expect(disks.getByTestId('section-charts')).toHaveAttribute('data-entity', disk);
  await expect(disks.locator('[data-chart="disks-busy-time"]')).toBeAttached();
  await expectChartsDrawn(disks);
  expect(seriesAsked.some((m) => m.split(',').includes(`disk.busy:${disk}`))).toBe(true);

  // Network interfaces: traffic, packets, errors and drops of the picked interface.
  const nets = await open(page, 'interfaces');
  const netPicker = nets.getByLabel('Network interface');
  await expect(netPicker.locator('option').first()).toBeAttached(); // the section renders its picker after opening
  const netNames = await netPicker.locator('option').allTextContents();
  expect(netNames.length).toBeGreaterThan(0);
  const iface = netNames.find((n) => n !== 'lo') ?? netNames[0]!;
  await netPicker.selectOption(iface);
  await expect(nets.getByTestId('section-charts')).toHaveAttribute('data-entity', iface);
  await expect(nets.locator('[data-chart="interfaces-errors-and-drops-per-second"]')).toBeAttached();
  await expectChartsDrawn(nets);

  // Filesystems: space and inodes of the root filesystem.
  const fs = await open(page, 'filesystems');
  await fs.getByLabel('Filesystem').selectOption('/');
  await expect(fs.getByTestId('section-charts')).toHaveAttribute('data-entity', '/');
  await expect(fs.locator('[data-chart="filesystems-inodes-used"]')).toBeAttached();
  await expectChartsDrawn(fs);

  // CPU cores: each logical CPU's history, not only the current strip.
  const cores = await open(page, 'cores');
  const corePicker = cores.getByLabel('CPU core');
  await expect(corePicker.locator('option')).toHaveCount(os.cpus().length);
  await corePicker.selectOption({ label: `CPU core ${os.cpus().length - 1}` });
  await expect(cores.getByTestId('section-charts')).toHaveAttribute('data-entity', String(os.cpus().length - 1));
  await expectChartsDrawn(cores);

  // Sensors: this machine's, or a plain statement that it has none.
  const sensors = await open(page, 'sensors');
  await expect(sensors.getByTestId('section-empty').or(sensors.locator('[data-chart]').first())).toBeVisible();
  if (await sensors.getByTestId('section-empty').isVisible()) {
    await expect(sensors.getByTestId('section-empty')).toHaveText('No sensors on this host.');
  } else {
    await expectChartsDrawn(sensors);
  }

  // Context switches, interrupts and swap.
  const system = await open(page, 'system');
  await expect(system.locator('[data-chart="system-context-switches-and-interrupts-per-second"]')).toBeAttached();
  await expectChartsDrawn(system);

  // Closing a section stops drawing it.
  await section(page, 'system').locator('summary').click();
  await expect(section(page, 'system')).not.toHaveAttribute('open');
  await expect(section(page, 'system').locator('[data-chart]')).toHaveCount(0);

  // The process table: the whole name, not the 15 characters of its comm; whole again on focus and hover.
  const name = page.getByTestId('processes').getByTestId('process-name').filter({ hasText: LONG_NAME });
  await expect(name).toHaveCount(1, { timeout: 20_000 });
  await expect(name).toHaveText(LONG_NAME);
  await expect(name).toHaveAttribute('title', LONG_NAME);
  await name.focus();
  await expect(name).toBeFocused();
  await expect(name).toHaveCSS('white-space', 'normal');
  expect(problems).toEqual([]);
});

test('depth sections in light and dark, on a desktop and a phone', async ({ page }) => {
  await signIn(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, size] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(`/hosts/${hostId}?range=live`);
      const disks = await open(page, 'disks');
      await expectChartsDrawn(disks);
      const nets = await open(page, 'interfaces');
      await expectChartsDrawn(nets);
      if (device === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, `host-depth-${scheme}-${device}`);
    }
  }
});

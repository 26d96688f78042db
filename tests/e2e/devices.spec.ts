import { expect, test, type Page } from '@playwright/test';
import type { Sample } from '@/lib/wire/contract';
import { makeDevices } from '../support/samples';
import { screenshot, seedHostWith, signIn, watchConsole } from './support';

/**
 * The host page's GPUs, Disk health, Fans and Batteries sections in Chromium
 * against the production server: samples with devices go in through the real
 * ingest with the host's token; each section lists its devices with their
 * states and draws the picked one's history; a host without devices has none.
 */

// GPU utilisation rises sample by sample, so its chart has a shape.
const seedHost = (page: Page, name: string, devices: Partial<Sample> | null) =>
  seedHostWith(page, name, 'devices-e2e', (i) => ({ ...(devices ?? {}), ...(devices?.gpus ? { gpus: devices.gpus.map((g) => ({ ...g, utilPct: 60 + i * 10 })) } : {}) }));

test('the device sections list GPUs, drives, fans and batteries with their states and draw one device’s history', async ({ page }) => {
  const problems = watchConsole(page, { warnings: false });
  await signIn(page);
  const d = makeDevices({ drive: { health: 'failed', reallocated: 3704 }, battery: { capacityPct: 9 } });
  const devices: Partial<Sample> = {
    ...d,
    gpus: [...d.gpus!, { id: 'card0', vendor: 'amd', name: 'AMD GPU 0x73bf', utilPct: 20, celsius: 50 }],
    drives: [...d.drives!, { device: 'nvme0n1', model: 'Test NVMe', source: 'sysfs', health: 'unknown', celsius: 40, checkedAt: 0 }],
    fans: [...d.fans!, { label: 'nct6775/fan2', rpm: 0 }],
  };
  const name = `devices-${Date.now()}`;
  const host = await seedHost(page, name, devices);
  await page.goto(`/hosts/${host.id}?range=1h`);

  const gpus = page.getByTestId('devices-gpus');
  await expect(gpus).toBeVisible({ timeout: 20_000 });
  await expect(gpus.getByTestId('devices-gpus-count')).toHaveText('2 GPUs');
  await expect(gpus.locator('tr[data-device="nvidia0"]')).toContainText('313 W');
  await expect(gpus.locator('tr[data-device="nvidia0"]')).toContainText('90 %');
  // A reading the AMD card does not give is a dash, not a 0.
  await expect(gpus.locator('tr[data-device="card0"] td').nth(4)).toHaveText('—');
  const history = gpus.getByTestId('devices-gpus-history');
  await expect(history.getByTestId('section-charts')).toHaveAttribute('data-entity', 'nvidia0');
  await expect(history.locator('[data-chart] path.recharts-curve').first()).toBeAttached({ timeout: 20_000 });
  // Keyboard: focus the AMD card's name and press Enter to show its history.
  await gpus.locator('tr[data-device="card0"]').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(history.getByTestId('section-charts')).toHaveAttribute('data-entity', 'card0');

  const drives = page.getByTestId('devices-drives');
  await expect(drives.getByRole('heading', { name: 'Disk health' })).toBeVisible();
  await expect(drives.locator('tr[data-device="sda"]')).toContainText('FAILED');
  await expect(drives.locator('tr[data-device="sda"]')).toContainText('3704');
  await expect(drives.locator('tr[data-device="nvme0n1"]')).toContainText('not checked (no SMART)');

  const fans = page.getByTestId('devices-fans');
  await expect(fans.locator('tr[data-device="nct6775/fan1"]')).toContainText('1180 RPM');
  await expect(fans.locator('tr[data-device="nct6775/fan2"]')).toContainText('stopped');

  const batteries = page.getByTestId('devices-batteries');
  await expect(batteries.locator('tr[data-device="BAT0"]')).toContainText('9 %');
  await expect(batteries.locator('tr[data-device="BAT0"]')).toContainText('discharging');
  await screenshot(page, 'devices');

  // The generic depth sections do not repeat the device families.
  for (const f of ['gpus', 'drives', 'fans', 'batteries']) await expect(page.locator(`details[data-section="${f}"]`)).toHaveCount(0);

  // The fleet row flags the failing drive (found by the fleet's search, whatever other specs left).
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = page.locator(`tr[data-host-id="${host.id}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('device-badge')).toHaveAttribute('title', 'SMART failed: sda');
  expect(problems).toEqual([]);
});

test('the fleet row of a host whose devices are fine has no device badge', async ({ page }) => {
  await signIn(page);
  const name = `devices-fine-${Date.now()}`;
  const host = await seedHost(page, name, makeDevices());
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = page.locator(`tr[data-host-id="${host.id}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('device-badge')).toHaveCount(0);
});

test('a host without devices has no device sections', async ({ page }) => {
  await signIn(page);
  const host = await seedHost(page, `no-devices-${Date.now()}`, null);
  await page.goto(`/hosts/${host.id}?range=1h`);
  await expect(page.getByTestId('depth-sections')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('devices')).toHaveCount(0);
});

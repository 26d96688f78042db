import { expect, test, type Page } from '@playwright/test';
import type { Service } from '@/lib/wire/contract';
import { screenshot, seedHostWith, signIn, watchConsole, sortDescendingFromKeyboard } from './support';

/**
 * The host page's Services section in Chromium against the production
 * server: samples with services go in through the real ingest with the
 * host's token; the table puts failed services first, sorts and filters,
 * one running service's history draws, and a host without services has no
 * section.
 */

const svc = (name: string, over: Partial<Service> = {}): Service => ({ name, state: 'active', subState: 'running', restarts: 0, cpuPct: 2, memUsed: 40_000_000, ...over });

const SERVICES = [
  svc('e2e-nginx', { cpuPct: 25, memUsed: 120_000_000 }),
  svc('e2e-postgres', { cpuPct: 8, memUsed: 900_000_000 }),
  svc('e2e-backup', { state: 'failed', subState: 'failed', restarts: 4, cpuPct: 0, memUsed: 0 }),
  svc('e2e-cron', { state: 'inactive', subState: 'dead', cpuPct: 0, memUsed: 0 }),
];

const seedHost = (page: Page, name: string, services: Service[] | null) => seedHostWith(page, name, 'services-e2e', () => (services ? { services } : {}));

const names = (page: Page) => page.getByTestId('services').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service')));

test('the Services section lists failed services first, sorts, filters and draws one service history', async ({ page }) => {
  const problems = watchConsole(page, { warnings: false });
  await signIn(page);
  const name = `services-${Date.now()}`;
  const host = await seedHost(page, name, SERVICES);
  await page.goto(`/hosts/${host.id}?range=1h`);
  const section = page.getByTestId('services');
  await expect(section).toBeVisible({ timeout: 20_000 });
  await expect(section.getByTestId('services-count')).toContainText('4 services, 2 running, 1 failed');

  // Failed first, then stopped, then running, by name within each.
  await expect.poll(() => names(page)).toEqual(['e2e-backup', 'e2e-cron', 'e2e-nginx', 'e2e-postgres']);
  await expect(section.locator('tr[data-service="e2e-backup"]').getByTestId('service-status')).toHaveText('failed');
  await expect(section.locator('tr[data-service="e2e-backup"]')).toContainText('4');

  // Sorting by memory from the keyboard, then reversed by click.
  const memHeader = section.getByRole('button', { name: /^Memory/ });
  await sortDescendingFromKeyboard(page, section, memHeader, 'Memory');
  await expect.poll(() => names(page)).toEqual(['e2e-postgres', 'e2e-nginx', 'e2e-backup', 'e2e-cron']);
  await expect(section.locator('th[aria-sort="descending"]')).toContainText('Memory');
  await memHeader.click();
  await expect.poll(async () => (await names(page)).slice(-2)).toEqual(['e2e-nginx', 'e2e-postgres']);

  await section.getByLabel('Filter services').fill('FAILED');
  await expect.poll(() => names(page)).toEqual(['e2e-backup']);
  await section.getByLabel('Filter services').fill('');

  // History: the busiest running service, then the one picked.
  const history = section.getByTestId('service-history');
  await expect(history.getByTestId('section-charts')).toHaveAttribute('data-entity', 'e2e-nginx');
  await section.locator('tr[data-service="e2e-postgres"]').getByTestId('service-name').click();
  await expect(history.getByTestId('section-charts')).toHaveAttribute('data-entity', 'e2e-postgres');
  await expect(history.locator('[data-chart] path.recharts-curve').first()).toBeAttached({ timeout: 20_000 });
  await screenshot(page, 'services');

  await expect(page.locator('details[data-section="services"]')).toHaveCount(0);

  // The fleet row flags the failed service by name (found by the fleet's search, whatever other specs left).
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = page.locator(`tr[data-host-id="${host.id}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('workload-badge')).toHaveAttribute('title', 'Service failed: e2e-backup');
  await expect(row.getByTestId('workload-badge')).toContainText('1 failed');
  expect(problems).toEqual([]);
});

test('a host without services has no Services section', async ({ page }) => {
  await signIn(page);
  const host = await seedHost(page, `no-services-${Date.now()}`, null);
  await page.goto(`/hosts/${host.id}?range=1h`);
  await expect(page.getByTestId('depth-sections')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('services')).toHaveCount(0);
});

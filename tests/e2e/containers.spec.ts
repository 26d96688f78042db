import { expect, test, type Page } from '@playwright/test';
import type { Container } from '@/lib/wire/contract';
import { screenshot, seedHostWith, signIn, watchConsole, sortDescendingFromKeyboard } from './support';

/**
 * The host page's Containers section in Chromium against the production
 * server: samples with containers go in through the real ingest with the
 * host's token; the table sorts and filters, the stacked chart and one
 * container's history draw, and a host without containers has no section.
 */

function ctr(name: string, over: Partial<Container>): Container {
  return {
    id: name.padEnd(12, '0').replace(/[^0-9a-f]/g, 'a').repeat(6).slice(0, 64), name, image: `registry.example/${name}:1`, state: 'running', health: 'none', restarts: 0,
    startedAt: Date.now() - 3 * 3_600_000, cpuPct: 1, memUsed: 50_000_000, memLimit: 0, memCache: 0, blkReadBps: 0, blkWriteBps: 0, netRxBps: 1000, netTxBps: 500, pids: 2, ...over,
  };
}

const CONTAINERS = [
  ctr('e2e-web', { cpuPct: 30, memUsed: 200_000_000, health: 'healthy', memLimit: 512_000_000 }),
  ctr('e2e-db', { cpuPct: 5, memUsed: 1_500_000_000, image: 'postgres:17' }),
  ctr('e2e-job', { state: 'exited', cpuPct: 0, memUsed: 0, netRxBps: 0, netTxBps: 0, pids: 0, startedAt: 0, restarts: 3 }),
];

const seedHost = (page: Page, name: string, containers: Container[] | null) => seedHostWith(page, name, 'containers-e2e', () => (containers ? { containers } : {}));

const names = (page: Page) => page.getByTestId('containers').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-container')));

test('the Containers section lists, sorts and filters containers and draws their charts', async ({ page }) => {
  const problems = watchConsole(page, { warnings: false });
  await signIn(page);
  const host = await seedHost(page, `containers-${Date.now()}`, CONTAINERS);
  await page.goto(`/hosts/${host.id}?range=1h`);
  const section = page.getByTestId('containers');
  await expect(section).toBeVisible({ timeout: 20_000 });
  await expect(section.getByTestId('containers-count')).toContainText('3 containers, 2 running');

  // Busiest CPU first; the stopped one shows its state and restarts, no usage.
  await expect.poll(() => names(page)).toEqual(['e2e-web', 'e2e-db', 'e2e-job']);
  const job = section.locator('tr[data-container="e2e-job"]');
  await expect(job.getByTestId('container-state')).toHaveText('exited(3 restarts)');
  await expect(section.locator('tr[data-container="e2e-web"]')).toContainText('healthy');

  // Sorting by memory (keyboard: focus the header button, Enter), then reversed.
  const memHeader = section.getByRole('button', { name: /^Memory/ });
  await sortDescendingFromKeyboard(page, section, memHeader, 'Memory');
  await expect.poll(() => names(page)).toEqual(['e2e-db', 'e2e-web', 'e2e-job']);
  await expect(section.locator('th[aria-sort="descending"]')).toContainText('Memory');
  await memHeader.click();
  await expect.poll(() => names(page)).toEqual(['e2e-job', 'e2e-web', 'e2e-db']);

  // Filtering by image.
  await section.getByLabel('Filter containers').fill('postgres');
  await expect.poll(() => names(page)).toEqual(['e2e-db']);
  await section.getByLabel('Filter containers').fill('');

  // The stacked charts draw both running containers; the history follows the picked one.
  const stack = section.getByTestId('containers-stack');
  await expect(stack.locator('[data-chart="containers-cpu"] path.recharts-curve').first()).toBeAttached({ timeout: 20_000 });
  await expect(stack.locator('[data-chart="containers-mem"] path.recharts-curve').first()).toBeAttached();
  const history = section.getByTestId('container-history');
  await expect(history.getByTestId('section-charts')).toHaveAttribute('data-entity', 'e2e-web');
  await section.locator('tr[data-container="e2e-db"]').getByTestId('container-name').click();
  await expect(history.getByTestId('section-charts')).toHaveAttribute('data-entity', 'e2e-db');
  await expect(history.locator('[data-chart] path.recharts-curve').first()).toBeAttached({ timeout: 20_000 });
  await screenshot(page, 'containers');

  // The generic depth sections do not repeat the containers family.
  await expect(page.locator('details[data-section="containers"]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a host without containers has no Containers section', async ({ page }) => {
  await signIn(page);
  const host = await seedHost(page, `no-containers-${Date.now()}`, null);
  await page.goto(`/hosts/${host.id}?range=1h`);
  await expect(page.getByTestId('depth-sections')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('containers')).toHaveCount(0);
});

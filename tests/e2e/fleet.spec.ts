import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Sample } from '@/lib/wire/contract';
import { e2ePort } from '../../playwright.config';
import { makeSample, makeSystem } from '../support/samples';
import { openAddHostForm, screenshot, signIn } from './support';

/**
 * The fleet in Chromium against the production server and its embedded store
 * (issue #13): it fits a 1280 px laptop with every column and no sideways
 * scroll, becomes cards on a phone, paints usage by the shared thresholds
 * with a symbol beside the colour, truncates a 100-character name without
 * losing it, refuses a duplicate name in words, and Settings → Hosts lists a
 * host as soon as it is added.
 */

const serverUrl = `http://127.0.0.1:${e2ePort}`;
const LONG = `fleet-${'x'.repeat(94)}`; // 100 characters, no break opportunity
const HEADERS = ['Host', 'Status', 'OS', 'Uptime', 'CPU', 'Memory', 'Disk', 'Net in', 'Net out', 'Load'];

const hot = (ts: number): Sample => {
  const s = makeSample(ts);
  return {
    ...s,
    cpu: { ...s.cpu, total: 95, user: 80, system: 15, idle: 5 },
    filesystems: s.filesystems.map((f) => (f.mount === '/' ? { ...f, usedPct: 92, used: 46e9, free: 4e9 } : { ...f, usedPct: 10 })),
  };
};
const warm = (ts: number): Sample => {
  const s = makeSample(ts);
  return {
    ...s,
    cpu: { ...s.cpu, total: 20, user: 15, system: 5, idle: 80 },
    memory: { ...s.memory, used: 3_200_000_000, available: 800_000_000 },
    filesystems: s.filesystems.map((f) => ({ ...f, usedPct: 30 })),
  };
};
const calm = (ts: number): Sample => {
  const s = makeSample(ts);
  return {
    ...s,
    cpu: { ...s.cpu, total: 5, user: 4, system: 1, idle: 95 },
    memory: { ...s.memory, used: 400_000_000, available: 3_600_000_000 },
    filesystems: s.filesystems.map((f) => ({ ...f, usedPct: 20 })),
  };
};

/** A host through the API, with one sample through the real ingest so its headline is known. */
async function seedHost(page: Page, name: string, sample: ((ts: number) => Sample) | null) {
  const created = await page.request.post('/api/v1/hosts', { data: { name, tags: ['fleet-e2e'] } });
  expect(created.status()).toBe(201);
  const host = (await created.json()) as { id: string; token: string };
  if (sample) {
    const res = await fetch(`${serverUrl}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ v: 1, samples: [sample(Date.now() - 1_000)], counters: { spooled: 0, dropped: 0 }, system: makeSystem(`${name}-machine`) }),
    });
    expect(res.status).toBe(200);
  }
  return host;
}

function fleetRow(page: Page, name: string): Locator {
  return page.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name, exact: true }) });
}

function card(page: Page, name: string): Locator {
  return page.locator('li[data-host-card]').filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

test.describe.configure({ mode: 'serial' });

test('seeds the fleet: hot, warm and calm hosts and one with a 100-character name', async ({ page }) => {
  await signIn(page);
  await seedHost(page, 'fleet-hot', hot);
  await seedHost(page, 'fleet-warm', warm);
  await seedHost(page, 'fleet-calm', calm);
  await seedHost(page, LONG, calm);
  await page.goto('/');
  await expect(fleetRow(page, 'fleet-hot')).toHaveCount(1);
});

test('on a 1280×800 laptop every column shows with no sideways scroll, usage is painted with a symbol, and a long name is cut but whole on hover and focus', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  const table = page.getByRole('table', { name: 'Hosts' });
  await expect(table).toBeVisible();
  await expect(page.getByRole('list', { name: 'Hosts' })).toBeHidden();

  const scroll = await page.getByTestId('fleet-table-box').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  for (const label of HEADERS) {
    const th = table.locator('thead th').filter({ has: page.getByRole('button', { name: new RegExp(`^${label}\\b`) }) });
    await expect(th).toBeVisible();
    await expect(th).toBeInViewport({ ratio: 1 });
  }
  // Narrower laptops and tablets held sideways (1024–1279 px): still the table with no sideways scroll; only OS and Uptime give way.
  for (const width of [1024, 1152]) {
    await page.setViewportSize({ width, height: 800 });
    await expect(table).toBeVisible();
    const narrow = await page.getByTestId('fleet-table-box').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(narrow.scrollWidth, `at ${width} px`).toBeLessThanOrEqual(narrow.clientWidth);
    for (const label of HEADERS.filter((h) => h !== 'OS' && h !== 'Uptime')) {
      await expect(table.locator('thead th').filter({ has: page.getByRole('button', { name: new RegExp(`^${label}\\b`) }) })).toBeInViewport({ ratio: 1 });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The thresholds: 95 % CPU and a 92 % filesystem are critical (red, ■), 80 % memory is high (amber, ▲), 5 % is plain.
  const hotRow = fleetRow(page, 'fleet-hot');
  const critical = hotRow.locator('[data-level="critical"]');
  await expect(critical).toHaveCount(2);
  await expect(critical.first()).toContainText('■');
  await expect(critical.first()).toContainText('critical (90 % or more)');
  await expect(critical.first()).toHaveClass(/text-red-700/);
  const high = fleetRow(page, 'fleet-warm').locator('[data-level="warn"]');
  await expect(high).toHaveCount(1);
  await expect(high).toContainText('▲');
  await expect(high).toHaveClass(/text-amber-700/);
  await expect(fleetRow(page, 'fleet-calm').locator('[data-level="warn"], [data-level="critical"]')).toHaveCount(0);

  // Sorting by any column from its header still works: CPU descending puts the hot host first.
  await table.getByRole('button', { name: /^CPU/ }).click();
  await expect(page).toHaveURL(/sort=cpu/);
  await expect(page).toHaveURL(/dir=desc/);
  // Other specs' hosts may share this server: the seeded three must come hot, warm, calm.
  const ids = await Promise.all(['fleet-hot', 'fleet-warm', 'fleet-calm'].map((n) => fleetRow(page, n).getAttribute('data-host-id')));
  const positions = async () => {
    const order = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host-id')));
    return ids.map((id) => order.indexOf(id));
  };
  await expect.poll(async () => {
    const [hot, warm, calm] = await positions();
    return hot! >= 0 && hot! < warm! && warm! < calm!;
  }).toBe(true);

  // The 100-character name: cut to its cell, not over the status next to it; whole in the tooltip and the accessible name.
  const longRow = fleetRow(page, LONG);
  const link = longRow.getByRole('link', { name: LONG, exact: true });
  await expect(link).toHaveAttribute('title', LONG);
  const linkBox = await box(link);
  const statusBox = await box(longRow.locator('td').nth(1));
  expect(linkBox.x + linkBox.width).toBeLessThanOrEqual(statusBox.x);
  expect(await link.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  // Focused, it unfolds: every character is on screen, wrapped within the cell.
  await link.focus();
  await expect.poll(() => link.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const focusedBox = await box(link);
  expect(focusedBox.height).toBeGreaterThan(linkBox.height);
  expect(focusedBox.x + focusedBox.width).toBeLessThanOrEqual(statusBox.x);
});

test('on a 390×844 phone the fleet is cards with host, status, CPU, memory, disk and network, sorted from a select', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await expect(page.getByRole('table', { name: 'Hosts' })).toBeHidden();
  const cards = page.getByRole('list', { name: 'Hosts' });
  await expect(cards).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const hotCard = card(page, 'fleet-hot');
  await hotCard.scrollIntoViewIfNeeded();
  await expect(hotCard).toBeInViewport();
  await expect(hotCard.locator('[data-status]')).toHaveAttribute('data-status', 'online');
  const usage = hotCard.getByTestId('card-usage');
  await expect(usage).toContainText('CPU');
  await expect(usage).toContainText('95');
  await expect(usage).toContainText('Memory');
  await expect(usage).toContainText('Disk');
  await expect(usage).toContainText('92');
  await expect(usage.locator('[data-level="critical"]')).toHaveCount(2);
  await expect(hotCard.getByTestId('card-network')).toContainText(/Network.*↓.*\/s.*↑.*\/s/);

  // The long name is cut inside its card, which stays within the screen.
  const longCard = card(page, LONG);
  const cardBox = await box(longCard);
  expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(390);
  await expect(longCard.getByRole('link', { name: LONG, exact: true })).toHaveAttribute('title', LONG);

  // Sort by CPU (highest first), then reverse. Other specs' hosts may share this server: the seeded three keep their order among them.
  const ids = await Promise.all(['fleet-hot', 'fleet-warm', 'fleet-calm'].map((n) => card(page, n).getAttribute('data-host-card')));
  const ordered = async () => {
    const order = await cards.locator('li[data-host-card]').evaluateAll((items) => items.map((i) => i.getAttribute('data-host-card')));
    const [hot, warm, calm] = ids.map((id) => order.indexOf(id));
    return hot! < 0 ? 'missing' : hot! < warm! && warm! < calm! ? 'hot first' : calm! < warm! && warm! < hot! ? 'calm first' : 'mixed';
  };
  await page.getByLabel('Sort by').selectOption('cpu');
  await expect(page).toHaveURL(/sort=cpu&dir=desc/);
  await expect.poll(ordered).toBe('hot first');
  await page.getByRole('button', { name: /reverse/ }).click();
  await expect(page).not.toHaveURL(/dir=desc/); // ascending is the default, left out of the URL
  await expect.poll(ordered).toBe('calm first');
});

test('the Add host form refuses a name another host has in another case, and says which', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  const form = await openAddHostForm(page);
  await form.getByLabel('Host name').fill('FLEET-Calm');
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.getByRole('alert')).toHaveText('A host named “FLEET-Calm” already exists (names are compared ignoring case). Choose another name.');
  await expect(page.getByTestId('enrolment')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('tr[data-host-id]').filter({ hasText: /fleet-calm/i })).toHaveCount(1);
});

test('Settings → Hosts lists a new host at once, keeps row actions on screen beside a 100-character name, and its delete dialog says which host', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  await page.goto('/settings/hosts');
  const table = page.getByRole('table', { name: 'Hosts' });
  await expect(table).toBeVisible();

  // Added here, the host is in the list without a reload.
  await page.getByLabel('Host name').fill('fleet-from-settings');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByTestId('enrolment')).toBeVisible();
  const newRow = table.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name: 'fleet-from-settings', exact: true }) });
  await expect(newRow).toHaveCount(1);

  // The long name: cut, whole on hover (title) and as the accessible name; its four buttons on screen.
  const longRow = table.locator('tr[data-host-id]').filter({ has: page.getByRole('link', { name: LONG, exact: true }) });
  await expect(longRow.getByRole('link', { name: LONG, exact: true })).toHaveAttribute('title', LONG);
  await longRow.scrollIntoViewIfNeeded();
  for (const name of ['Edit', 'Rotate the token of', 'Disable', 'Delete']) {
    const button = longRow.getByRole('button', { name: new RegExp(`^${name}`) });
    await expect(button).toBeInViewport({ ratio: 1 });
    const b = await box(button);
    expect(b.x + b.width).toBeLessThanOrEqual(1280);
  }
  // The buttons sit in one line beside the name, not stacked by it.
  const actions = await box(longRow.getByTestId('host-actions'));
  expect(actions.height).toBeLessThan(60);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  // The delete dialog names the host by name, id, last seen and tags.
  const id = (await newRow.getAttribute('data-host-id'))!;
  await newRow.getByRole('button', { name: 'Delete fleet-from-settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete fleet-from-settings?' });
  const identity = dialog.getByTestId('host-identity');
  await expect(identity).toContainText('fleet-from-settings');
  await expect(identity).toContainText(id);
  await expect(identity).toContainText(/Last seen\s*never/);
  await expect(identity).toContainText(/Tags\s*none/);
  await screenshot(page, 'fleet-settings-delete');
  await dialog.getByRole('button', { name: 'Delete fleet-from-settings' }).click();
  await expect(dialog).toBeHidden();
  await expect(newRow).toHaveCount(0);
});

test('screenshots of the fleet in light and dark, on a desktop and a phone', async ({ page }) => {
  await signIn(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, size] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto('/');
      const list = device === 'desktop' ? page.getByRole('table', { name: 'Hosts' }) : page.getByRole('list', { name: 'Hosts' });
      await expect(list).toBeVisible();
      await expect(list.getByRole('link', { name: 'fleet-hot', exact: true })).toBeVisible();
      await screenshot(page, `fleet-${device}-${scheme}`);
    }
  }
});

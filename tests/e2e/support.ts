import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { Sample } from '@/lib/wire/contract';
import { e2eAdmin, e2ePort } from '../../playwright.config';
import { makeSample, makeSystem } from '../support/samples';

/** What every browser spec does the same way: sign in through the form, watch the console, save a screenshot, seed a host. */

export const shotsDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Signs in through the sign-in page (the admin unless told) and waits for the fleet. */
export async function signIn(page: Page, email: string = e2eAdmin.email, password: string = e2eAdmin.password) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Console errors and page errors (and warnings, unless told not to) the page logs from now on. */
export function watchConsole(page: Page, { warnings = true }: { warnings?: boolean } = {}): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || (warnings && msg.type() === 'warning')) problems.push(warnings ? `${msg.type()}: ${msg.text()}` : msg.text());
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** A full-page screenshot in test-results/screenshots, kept with the results. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/**
 * A host made through the API (with `tag`) and fed four samples over the last 30 seconds through the real
 * ingest with its token; `extra(i)` adds what the spec is about to sample i (containers, services, devices).
 */
export async function seedHostWith(page: Page, name: string, tag: string, extra: (i: number) => Partial<Sample>): Promise<{ id: string; token: string }> {
  const created = await page.request.post('/api/v1/hosts', { data: { name, tags: [tag] } });
  expect(created.status()).toBe(201);
  const host = (await created.json()) as { id: string; token: string };
  const now = Date.now();
  const samples: Sample[] = [30_000, 20_000, 10_000, 1_000].map((ago, i) => ({ ...makeSample(now - ago), ...extra(i) }));
  const res = await fetch(`http://127.0.0.1:${e2ePort}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ v: 1, samples, counters: { spooled: 0, dropped: 0 }, system: makeSystem(`${name}-machine`) }),
  });
  expect(res.status).toBe(200);
  return host;
}

/**
 * Opens the Add host form where a page folds it behind a button (the fleet). A click that lands
 * before React has hydrated the page does nothing, so it clicks again until the form shows.
 */
export async function openAddHostForm(page: Page) {
  const form = page.getByRole('form', { name: 'Add a host' });
  const toggle = page.locator('button[aria-expanded="false"]', { hasText: /^Add host$/ });
  await expect(async () => {
    if (await toggle.isVisible()) await toggle.click();
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return form;
}

/**
 * Sorts a table by one column from the keyboard (focus its header button, Enter), descending. A key pressed
 * before React has hydrated the table does nothing, so it presses again until the column says it is sorted;
 * never a second time once it has taken, which would reverse it.
 */
export async function sortDescendingFromKeyboard(page: Page, section: Locator, header: Locator, label: string) {
  const sorted = section.locator('th[aria-sort="descending"]', { hasText: label });
  await expect(async () => {
    if ((await sorted.count()) === 0) {
      await header.focus();
      await page.keyboard.press('Enter');
    }
    await expect(sorted).toHaveCount(1, { timeout: 1_000 });
  }).toPass();
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { e2eAdmin } from '../../playwright.config';

/** What every browser spec does the same way: sign in through the form, watch the console, save a screenshot. */

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

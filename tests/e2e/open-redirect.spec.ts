import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { e2eAdmin, e2ePort } from '../../playwright.config';

/**
 * Where Chromium goes after signing in with a hostile `callbackUrl`, and what
 * "Sign out everywhere" does to another browser (issue #12, items 1 and 4).
 * The "other site" is a real local HTTP server on another port: before the
 * fix, Chromium turned `/\t/127.0.0.1:<port>/steal` into a visit there, since
 * browsers strip tabs and newlines from URLs.
 */
const serverOrigin = `http://127.0.0.1:${e2ePort}`;

let evil: http.Server;
let evilPort: number;
const visits: string[] = [];

test.beforeAll(async () => {
  evil = http.createServer((req, res) => {
    visits.push(req.url ?? '');
    res.end('stolen');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilPort = (evil.address() as AddressInfo).port;
});
test.afterAll(async () => {
  await new Promise((resolve) => evil.close(resolve));
});

async function fillSignIn(page: Page) {
  await page.getByLabel('Email').fill(e2eAdmin.email);
  await page.getByLabel('Password').fill(e2eAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const hostile = () => [`/\t/127.0.0.1:${evilPort}/steal`, `/\n/127.0.0.1:${evilPort}/steal`, `/\\127.0.0.1:${evilPort}/steal`, `//127.0.0.1:${evilPort}/steal`];

test('signing in with a hostile callbackUrl stays on this server, and so does visiting /login signed in', async ({ page }) => {
  visits.length = 0;
  const [first, ...others] = hostile();
  await page.goto(`/login?callbackUrl=${encodeURIComponent(first!)}`);
  await fillSignIn(page);
  await expect(page).toHaveURL(`${serverOrigin}/`);

  // Already signed in: the page redirects at once.
  for (const target of [first!, ...others]) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await expect(page).toHaveURL(`${serverOrigin}/`);
  }
  // A harmless callback still works.
  await page.goto(`/login?callbackUrl=${encodeURIComponent('/settings/account')}`);
  await expect(page).toHaveURL(`${serverOrigin}/settings/account`);
  expect(visits).toEqual([]);
});

test('"Sign out everywhere" ends the session in another browser too', async ({ page, browser }) => {
  await page.goto('/login');
  await fillSignIn(page);
  await expect(page).toHaveURL(`${serverOrigin}/`);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/login');
  await fillSignIn(otherPage);
  await expect(otherPage).toHaveURL(`${serverOrigin}/`);

  await page.goto('/settings/account');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await otherPage.goto('/settings/account');
  await expect(otherPage).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Faccount$/);
  await other.close();
});

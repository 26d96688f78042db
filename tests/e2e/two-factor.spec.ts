import { expect, test, type Page } from '@playwright/test';
import { base32Decode, totpAtStep, totpStep } from '../../lib/auth/totp';
import { screenshot, signIn } from './support';

/**
 * Two-factor codes in the browser: enrol from the account page (the key read
 * off the page, codes computed here with the server's own TOTP core at the
 * real time), then sign in with a code, see a wrong one and a replayed one
 * refused, and a recovery code work once. Nothing sleeps: once a step's code
 * is used, the next step's code is taken, which the server accepts (±1 step).
 */
const codeAt = (secret: string, offset: number) => totpAtStep(base32Decode(secret), totpStep(Date.now()) + offset);
function wrongCode(secret: string): string {
  const taken = new Set([-1, 0, 1, 2].map((o) => codeAt(secret, o)));
  let guess = 0;
  while (taken.has(String(guess).padStart(6, '0'))) guess++;
  return String(guess).padStart(6, '0');
}

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Two-factor code')).toBeFocused();
}

async function codeStep(page: Page, code: string) {
  await page.getByLabel('Two-factor code').fill(code);
  await page.getByRole('button', { name: 'Verify code' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('enrol with the key on the page, sign in with a code; wrong and replayed codes are refused; a recovery code works once', async ({ page, browser }) => {
  await signIn(page);
  const user = { email: `tfa-${Date.now()}@example.test`, password: 'two-factor-e2e-pass-1' };
  expect((await page.request.post('/api/v1/users', { data: { ...user, role: 'viewer' } })).status()).toBe(201);

  const context = await browser.newContext();
  const own = await context.newPage();
  await signIn(own, user.email, user.password);
  await own.goto('/settings/account');
  await expect(own.getByTestId('two-factor-state')).toContainText('off');
  await own.getByRole('button', { name: 'Set up two-factor codes' }).click();
  await expect(own.getByAltText('QR code to add Hostwatch to an authenticator app')).toBeVisible();
  const secret = ((await own.getByTestId('two-factor-key').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await screenshot(own, 'two-factor-enrol');

  await own.getByLabel('Code from the app').fill(wrongCode(secret));
  await own.getByRole('button', { name: 'Turn on' }).click();
  await expect(own.getByRole('alert').filter({ hasText: 'is not the code' })).toBeVisible();
  await own.getByLabel('Code from the app').fill(codeAt(secret, 0));
  await own.getByRole('button', { name: 'Turn on' }).click();
  const list = own.getByTestId('recovery-codes').getByRole('listitem');
  await expect(list).toHaveCount(10);
  const recovery = await list.allTextContents();
  await own.getByRole('button', { name: 'I have saved these codes' }).click();
  await expect(own.getByTestId('two-factor-state')).toContainText('10 recovery codes left');

  // The admin sees it on the users screen.
  await page.goto('/settings/users');
  await expect(page.getByTestId(`two-factor-${user.email}`)).toHaveText('On');

  await signOut(own);
  await passwordStep(own, user.email, user.password);
  await codeStep(own, wrongCode(secret));
  await expect(own.getByRole('alert').filter({ hasText: 'not right or was already used' })).toBeVisible();
  await expect(own.getByLabel('Two-factor code')).toHaveValue('');
  await screenshot(own, 'two-factor-sign-in');
  const code = codeAt(secret, 1);
  await codeStep(own, code);
  await expect(own).toHaveURL(/\/$/);

  await signOut(own);
  await passwordStep(own, user.email, user.password);
  await codeStep(own, code);
  await expect(own.getByRole('alert').filter({ hasText: 'not right or was already used' })).toBeVisible();
  await codeStep(own, recovery[0]!);
  await expect(own).toHaveURL(/\/$/);

  await signOut(own);
  await passwordStep(own, user.email, user.password);
  await codeStep(own, recovery[0]!);
  await expect(own.getByRole('alert').filter({ hasText: 'not right or was already used' })).toBeVisible();
  await own.getByRole('button', { name: 'Start over' }).click();
  await expect(own.getByLabel('Email')).toBeVisible();

  await own.goto('/settings/account');
  await expect(own).toHaveURL(/\/login/);
  await context.close();
});

/**
 * Browser side of sign-in and sign-out against next-auth's endpoints, without
 * next-auth/react: the credentials callback can answer 429 or 503 with our
 * JSON error (lib/auth/nextauth-route.ts), which next-auth's client cannot read.
 */

async function csrfToken(): Promise<string> {
  const res = await fetch('/api/auth/csrf', { cache: 'no-store' });
  if (!res.ok) throw new Error('The server did not answer; try again.');
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

export { safeCallbackPath } from './callback-path';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  SessionRequired: 'Please sign in to continue.',
  PasswordChanged: 'Your password was changed; sign in with the new one.',
  // next-auth's codes for a provider's sign-in that did not complete (single sign-on).
  OAuthSignin: 'The sign-in provider could not be reached; try again, or ask an admin.',
  OAuthCallback: 'The sign-in provider did not complete the sign-in; try again.',
  OAuthAccountNotLinked: 'This provider account is not joined to a Hostwatch user.',
  AccessDenied: 'You may not sign in to this server.',
  Callback: 'The sign-in did not complete; try again.',
  TwoFactorRequired: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  TwoFactorInvalid: 'That code is not right or was already used; enter the one your app shows now.',
};

/** The answers that mean "the password was right, now the code" (lib/auth/options.ts): the form shows its code step. */
const CODE_STEP = new Set(['TwoFactorRequired', 'TwoFactorInvalid']);

/** Starts a provider's sign-in (OIDC, GitHub): next-auth answers with the provider's authorization URL. */
export async function startProviderSignIn(providerId: string, callbackUrl: string): Promise<string> {
  const body = new URLSearchParams({ csrfToken: await csrfToken(), json: 'true', callbackUrl });
  const res = await fetch(`/api/auth/signin/${encodeURIComponent(providerId)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  const data = (await res.json().catch(() => null)) as { url?: string } | null;
  if (!res.ok || !data?.url) throw new Error('sign-in did not start');
  return data.url;
}

/** The break-glass code (password sign-in off): next-auth's credentials endpoint of the `break-glass` provider. */
export async function signInWithBreakGlass(code: string): Promise<SignInOutcome> {
  const body = new URLSearchParams({ csrfToken: await csrfToken(), code, json: 'true', callbackUrl: '/' });
  const res = await fetch('/api/auth/callback/break-glass', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const data = (await res.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
  const error = data?.url ? new URL(data.url, window.location.origin).searchParams.get('error') : 'failed';
  if (res.ok && !error) return { ok: true };
  return { ok: false, message: data?.error?.message ?? 'That code is not valid, or it was used already. Restart the server for a fresh one.' };
}

export type SignInOutcome = { ok: true } | { ok: false; message: string; codeStep?: boolean };

/** `code` is sent with the password again once the server asked for it (accounts with two-factor on). */
export async function signInWithPassword(email: string, password: string, code?: string): Promise<SignInOutcome> {
  const fields = { csrfToken: await csrfToken(), email, password, json: 'true', callbackUrl: '/' };
  const body = new URLSearchParams(code === undefined ? fields : { ...fields, code });
  const res = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  const data = (await res.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
  if (res.status === 429 || res.status === 503) {
    return { ok: false, message: data?.error?.message ?? 'Too many attempts; try again later.' };
  }
  const error = data?.url ? new URL(data.url, window.location.origin).searchParams.get('error') : null;
  if (res.ok && !error) return { ok: true };
  return { ok: false, message: MESSAGES[error ?? ''] ?? 'Sign-in failed; try again.', codeStep: CODE_STEP.has(error ?? '') };
}

/** Ends the session on the server (every session of this account); false when the server could not. */
export async function signOut(): Promise<boolean> {
  const res = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken: await csrfToken(), json: 'true' }),
  });
  return res.ok;
}

/** Messages for the `?error=` next-auth puts on /login when it redirects there itself. */
export function errorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? 'Sign-in failed; try again.';
}

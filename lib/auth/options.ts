import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cookies } from 'next/headers';
import { getStore } from '@/lib/store';
import { StoreUnavailableError } from '@/lib/store/errors';
import type { Role } from '@/lib/store/types';
import { clientAddress } from './client-address';
import { DEVICE_COOKIE_MAX_AGE_S, deviceCookieName, issueDeviceToken, readDeviceToken } from './device-cookie';
import { authSecret, sessionCookieName } from './secret';
import { attemptSignIn, passwordVersion } from './sign-in';
import { config } from '@/lib/config';
import { ssoSignIn, withSignInChoices } from './sso-callbacks';
import { ssoProviders } from './sso-providers';
import { MAX_CODE_CHARS } from './two-factor';

/**
 * next-auth v4 with email and password against the store's users, JWT
 * sessions in an encrypted cookie. The session names the user, their
 * password version and their session version; every request re-reads the
 * user and the version (session.ts), so a deleted user, a new role, a
 * changed password or a sign-out takes effect at once.
 *
 * Errors thrown from authorize() reach the client as `error=<message>`; the
 * route handler (nextauth-route.ts) turns these three into real HTTP answers.
 */
export const RATE_LIMITED_ERROR = 'RateLimited';
export const BUSY_ERROR = 'Busy';
export const STORE_UNAVAILABLE_ERROR = 'StoreUnavailable';
/** The password was right and the account has two-factor on: the form asks for the code and sends everything again with it. */
export const CODE_REQUIRED_ERROR = 'TwoFactorRequired';
export const CODE_INVALID_ERROR = 'TwoFactorInvalid';

export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

declare module 'next-auth' {
  interface User {
    role: Role;
    pwv: string;
    sv: string;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    pwv?: string;
    /** The user's session version at sign-in (session-version.ts). */
    sv?: string;
  }
}

/** Reads the device cookie for this email and, after a success, sets a fresh one (device-cookie.ts). */
async function deviceIdFor(email: string, now: number): Promise<string | null> {
  const jar = await cookies();
  const name = deviceCookieName(sessionCookieName().startsWith('__Secure-'));
  return readDeviceToken(authSecret(), jar.get(name)?.value, email, now);
}

async function rememberDevice(email: string, deviceId: string | null, now: number): Promise<void> {
  const secure = sessionCookieName().startsWith('__Secure-');
  (await cookies()).set(deviceCookieName(secure), issueDeviceToken(authSecret(), email, now, deviceId ?? undefined), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/api/auth',
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  });
}

let options: NextAuthOptions | undefined;

/** Built on first use: reading the secret at import time would break `next build`, which has none. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    // Password sign-in unless HOSTWATCH_PASSWORD_LOGIN=false, then the break-glass code instead; the providers (sso-callbacks.ts).
    providers: withSignInChoices([
      ...ssoProviders(config().sso),
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          code: { label: 'Two-factor code', type: 'text' },
        },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === 'string' ? credentials.email.slice(0, 254) : '';
          const password = typeof credentials?.password === 'string' ? credentials.password.slice(0, 1024) : '';
          const code = typeof credentials?.code === 'string' ? credentials.code.slice(0, MAX_CODE_CHARS) : '';
          try {
            const now = Date.now();
            const deviceId = await deviceIdFor(email, now);
            const result = await attemptSignIn(getStore(), { email, password, address: clientAddress(req.headers ?? {}), deviceId, code }, now);
            if (result.kind === 'rate_limited') throw new Error(`${RATE_LIMITED_ERROR}:${result.retryAfterSeconds}:${result.reason}`);
            if (result.kind === 'busy') throw new Error(`${BUSY_ERROR}:${result.retryAfterSeconds}`);
            if (result.kind === 'invalid') return null;
            if (result.kind === 'code_required') throw new Error(CODE_REQUIRED_ERROR);
            if (result.kind === 'code_invalid') throw new Error(CODE_INVALID_ERROR);
            const { user, sessionVersion } = result;
            await rememberDevice(user.email, deviceId, now);
            return { id: user.id, email: user.email, name: user.name, role: user.role, pwv: passwordVersion(user.passwordHash), sv: sessionVersion };
          } catch (err) {
            if (err instanceof StoreUnavailableError) throw new Error(`${STORE_UNAVAILABLE_ERROR}:${err.retryAfterSeconds}`);
            throw err;
          }
        },
      }),
    ]),
    callbacks: {
      // Providers (OIDC, GitHub): who may enter and as whom (sso-callbacks.ts); credentials were judged in authorize().
      signIn: ({ user, account, profile }) => (account?.type === 'oauth' ? ssoSignIn(user, account, profile) : true),
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.pwv = user.pwv;
          token.sv = user.sv;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid ?? '', email: token.email ?? '', name: token.name ?? '', role: token.role ?? 'viewer' };
        return session;
      },
    },
    // next-auth's default logger prints error objects, which could carry request data; keep only the code.
    logger: {
      error: (code) => console.error(`next-auth error: ${code}`),
      warn: (code) => console.warn(`next-auth warning: ${code}`),
      debug: () => {},
    },
  };
  return options;
}

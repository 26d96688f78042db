import 'server-only';
import { config } from '@/lib/config';

/**
 * The key that encrypts session cookies. Production refuses to start without
 * NEXTAUTH_SECRET (lib/config.ts); a development server without one gets a
 * fixed key so sessions survive a restart.
 */
const DEVELOPMENT_ONLY_SECRET = 'hostwatch-development-secret-not-for-production';

export function authSecret(): string {
  const { env, auth } = config();
  if (auth.secret) return auth.secret;
  if (env === 'production') throw new Error('NEXTAUTH_SECRET is required in production');
  return DEVELOPMENT_ONLY_SECRET;
}

/** next-auth's cookie name; the __Secure- prefix when the public URL is https, as next-auth itself decides. */
export function sessionCookieName(): string {
  const url = config().auth.url ?? process.env.NEXTAUTH_URL;
  const secure = url ? url.startsWith('https://') : Boolean(process.env.VERCEL);
  return secure ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

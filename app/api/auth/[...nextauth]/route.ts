import { nextAuthHandler } from '@/lib/auth/nextauth-route';

export const dynamic = 'force-dynamic';

/** Sign in, sign out, CSRF and session endpoints of next-auth (lib/auth/options.ts). */
export { nextAuthHandler as GET, nextAuthHandler as POST };

import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/auth/csp';

/**
 * Runs before page views: gives each page a Content-Security-Policy with a
 * fresh nonce, and sends a signed-out visitor to /login. The redirect is a
 * convenience only; every page and route handler checks the session itself
 * (lib/auth), because a proxy can be bypassed (CVE-2025-29927).
 */
const PUBLIC_PAGES = [/^\/login(\/unavailable|\/refused|\/break-glass)?\/?$/, /^\/setup\/?$/, /^\/share(\/|$)/];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PAGES.some((re) => re.test(pathname)) && !hasSessionCookie(request)) {
    const login = new URL('/login', request.url);
    if (pathname !== '/') login.searchParams.set('callbackUrl', pathname + search);
    return NextResponse.redirect(login);
  }
  const nonce = newNonce();
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, Next's static files, or the files collectors download.
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|install.sh|hostwatch-collector.mjs).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

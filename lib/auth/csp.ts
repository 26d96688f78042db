/**
 * The Content-Security-Policy of every page, with a fresh nonce per response:
 * Next.js puts the nonce on its own scripts when it finds it in the request's
 * CSP header, and 'strict-dynamic' lets those scripts load the page's chunks.
 * Styles allow 'unsafe-inline' because React and the charts write style
 * attributes, which nonces cannot cover; scripts never get unsafe-inline, and
 * unsafe-eval only in development (React's dev tooling needs it).
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

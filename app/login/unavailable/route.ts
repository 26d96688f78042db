import { redirect } from 'next/navigation';
import { readOrOutage } from '@/lib/pages/guard';
import { isFreshServer } from '@/lib/pages/settings';
import { safeCallbackPath } from '../_components/callback-path';
import { loginPath } from '../_components/paths';

export const dynamic = 'force-dynamic';

/**
 * What /login shows while the store is not answering: a page that says so,
 * answered with 503 and Retry-After, so a browser, a proxy and a probe all
 * read the same truth. (A React page cannot choose its status; a route
 * handler can.) Plain HTML with its own styles and no script, so it renders
 * under the CSP whatever else is broken. It reloads itself; once the store
 * answers, it sends the visitor back to sign in.
 */
const RETRY_SECONDS = 5;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(login: string): string {
  const href = escapeHtml(login);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_SECONDS * 2};url=${href}">
<title>Store not answering · Hostwatch</title>
<style>
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 1.5rem;
    font: 16px/1.5 system-ui, sans-serif; background: #fafafa; color: #18181b; }
  main { max-width: 28rem; border: 1px solid #fcd34d; background: #fffbeb; color: #78350f; border-radius: 0.75rem; padding: 1.5rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.5rem; }
  p { margin: 0.5rem 0 0; }
  a { color: inherit; font-weight: 600; }
  @media (prefers-color-scheme: dark) {
    body { background: #09090b; color: #f4f4f5; }
    main { border-color: #92400e; background: #451a03; color: #fef3c7; }
  }
</style>
</head>
<body>
<main role="alert">
<p style="margin:0 0 1rem;font-weight:600">Hostwatch</p>
<h1>The data store is not answering.</h1>
<p>Signing in needs the data store, and it does not answer right now. Nothing is lost: the collectors keep their samples until it is back.</p>
<p>This page tries again every ${RETRY_SECONDS * 2} seconds, or <a href="${href}">try again now</a>.</p>
</main>
</body>
</html>
`;
}

export async function GET(request: Request) {
  const target = safeCallbackPath(new URL(request.url).searchParams.get('callbackUrl'));
  // The store is back: sign in as usual.
  if ((await readOrOutage(isFreshServer)) !== null) redirect(loginPath(target));
  return new Response(page(loginPath(target)), {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_SECONDS) },
  });
}

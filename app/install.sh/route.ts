import { renderInstallScript } from '@/lib/accounts/install-script';
import { config } from '@/lib/config';
import { jsonError } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

/** The collector install script, carrying this server's configured public URL and the bundles' SHA-256 sums. */
export async function GET() {
  const rendered = await renderInstallScript(config().auth.url);
  if (!rendered.ok) return jsonError(500, 'bad_public_url', rendered.message);
  return new Response(rendered.script, {
    headers: { 'Content-Type': 'text/x-shellscript; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

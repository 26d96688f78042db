import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonError } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

/** Only a plain origin may be pasted into a shell script: no quotes, `$` or spaces can get through. */
const SAFE_ORIGIN = /^https?:\/\/[A-Za-z0-9.\-:[\]]+$/;

/** The collector install script, with this server's own URL filled in (behind a proxy: X-Forwarded-Proto/Host). */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.slice(0, -1);
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || url.host;
  const origin = `${proto}://${host}`;
  if (!SAFE_ORIGIN.test(origin)) return jsonError(400, 'bad_host', 'The request host is not a plain host name.');
  const script = await readFile(path.join(process.cwd(), 'collector', 'install.sh'), 'utf8');
  return new Response(script.replaceAll('__HOSTWATCH_URL__', origin), {
    headers: { 'Content-Type': 'text/x-shellscript; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

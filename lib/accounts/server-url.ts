import 'server-only';
import { config } from '@/lib/config';

/** The URL collectors should reach this server at: the configured public URL, else the one the admin's request came to. */
export function publicServerUrl(request: Request): string {
  const configured = config().auth.url;
  if (configured) return configured.replace(/\/+$/, '');
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return host ? `${proto || url.protocol.replace(':', '')}://${host}` : url.origin;
}

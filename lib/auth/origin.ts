/**
 * CSRF defence for cookie-authenticated mutations: the browser names the page
 * that sent the request in Origin, and an attacker's page cannot forge it. A
 * request passes when Origin is this server (as the request reached it, or the
 * configured public URL). Without Origin, Sec-Fetch-Site decides; a browser
 * always sends one of the two on a POST, PUT, PATCH or DELETE.
 */
export const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Origins this server answers as: the request's own (from Host) and the public URL when configured. */
export function allowedOrigins(request: Request, publicUrl?: string): string[] {
  const own = originOf(request.url);
  const forwardedHost = request.headers.get('x-forwarded-host');
  const forwardedProto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const forwarded = forwardedHost ? originOf(`${forwardedProto || new URL(request.url).protocol.replace(':', '')}://${forwardedHost.split(',')[0]!.trim()}`) : null;
  return [own, forwarded, originOf(publicUrl)].filter((o): o is string => o !== null);
}

export type OriginVerdict = 'same-origin' | 'cross-origin' | 'unknown';

export function originVerdict(request: Request, publicUrl?: string): OriginVerdict {
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null') return allowedOrigins(request, publicUrl).includes(origin) ? 'same-origin' : 'cross-origin';
  if (origin === 'null') return 'cross-origin';
  const site = request.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return 'same-origin';
  if (site) return 'cross-origin';
  return 'unknown';
}

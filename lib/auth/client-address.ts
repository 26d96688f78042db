import 'server-only';
import { config } from '@/lib/config';
import { normalizeAddress, peerIsTrusted, resolveClientAddress } from './forwarded';
import { peerAddress } from './peer-address';

/**
 * The client's address for limits per address (sign-in, setup, share links):
 * the socket's peer, or what trusted proxies say (HOSTWATCH_TRUSTED_PROXIES;
 * see forwarded.ts for the rules). A bounded, normalized key: never a value a
 * client can choose freely.
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name] ?? headers[name.toLowerCase()];
  return (Array.isArray(value) ? value.join(',') : value) ?? null;
}

const WARNED = Symbol.for('hostwatch.forwarded-ignored-warning');

/**
 * Said once per process: a proxy in front that is not trusted makes every
 * client look like that proxy, so all of them share one sign-in limit.
 */
function warnIgnoredForwarding(peer: string | null, forwardedFor: string | null): void {
  const g = globalThis as { [WARNED]?: true };
  if (g[WARNED] || !peer || !forwardedFor) return;
  // next start itself fills X-Forwarded-For with the peer when a request has none.
  if (normalizeAddress(forwardedFor) === normalizeAddress(peer)) return;
  g[WARNED] = true;
  console.warn(
    `Hostwatch: ignoring X-Forwarded-For from ${normalizeAddress(peer) ?? 'an unknown peer'}; if that is a proxy you run, ` +
      'list it in HOSTWATCH_TRUSTED_PROXIES so that limits per address count each client, not the proxy.',
  );
}

export function clientAddress(headers: HeaderSource): string {
  const trust = config().auth.trustedProxies;
  const peer = peerAddress(headers);
  const forwardedFor = header(headers, 'x-forwarded-for');
  if (trust.kind === 'none') warnIgnoredForwarding(peer, forwardedFor);
  return resolveClientAddress(
    { peer, forwardedFor, realIp: header(headers, 'x-real-ip'), vercelForwardedFor: header(headers, 'x-vercel-forwarded-for') },
    trust,
  );
}

/** Whether this request came through a proxy HOSTWATCH_TRUSTED_PROXIES names, so its X-Forwarded-Host and -Proto are believed. */
export function fromTrustedProxy(headers: HeaderSource): boolean {
  return peerIsTrusted(peerAddress(headers), config().auth.trustedProxies);
}

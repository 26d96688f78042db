import 'server-only';
import { fromTrustedProxy } from '@/lib/auth/client-address';
import { config } from '@/lib/config';

export interface ServerUrlFacts {
  configured: string | undefined;
  requestUrl: string;
  forwardedHost: string | null;
  forwardedProto: string | null;
  /** Whether the request came through a proxy HOSTWATCH_TRUSTED_PROXIES names. */
  viaTrustedProxy: boolean;
}

const PLAIN_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The URL collectors should reach this server at: the configured public URL,
 * else the one the admin's request came to. X-Forwarded-Host and -Proto count
 * only from a trusted proxy, as X-Forwarded-For does: from anyone else they
 * are claims, and this URL ends up in install commands. Pure.
 */
export function serverUrlFrom(facts: ServerUrlFacts): string {
  if (facts.configured) return facts.configured.replace(/\/+$/, '');
  const url = new URL(facts.requestUrl);
  const host = facts.forwardedHost?.split(',')[0]?.trim();
  if (!facts.viaTrustedProxy || !host || !PLAIN_HOST.test(host)) return url.origin;
  const proto = facts.forwardedProto?.split(',')[0]?.trim().toLowerCase();
  const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.replace(':', '');
  return `${scheme}://${host}`;
}

export function publicServerUrl(request: Request): string {
  return serverUrlFrom({
    configured: config().auth.url,
    requestUrl: request.url,
    forwardedHost: request.headers.get('x-forwarded-host'),
    forwardedProto: request.headers.get('x-forwarded-proto'),
    viaTrustedProxy: fromTrustedProxy(request.headers),
  });
}

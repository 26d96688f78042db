import 'server-only';
import { BlockList, isIP } from 'node:net';
import type { TrustedProxies } from '@/lib/config';

/**
 * Which client a request came from, for limits per address. The socket's peer
 * is the only fact; forwarded headers are claims, believed only as far as
 * HOSTWATCH_TRUSTED_PROXIES says:
 *
 * - none (the default): the peer is the client; X-Forwarded-For is ignored, so
 *   a client cannot pick a fresh address per request.
 * - a list of proxies: when the peer is one of them, X-Forwarded-For is read
 *   from the right, skipping trusted hops; the first untrusted hop is the
 *   client (each proxy appends what it saw, so only the right end is theirs).
 * - vercel: the platform overwrites X-Forwarded-For and sets
 *   X-Vercel-Forwarded-For and X-Real-IP; the peer is Vercel's own bridge.
 *
 * An IPv6 client is keyed by its /64: one subscriber usually holds a whole
 * /64, and 2^64 addresses would make a per-address limit no limit. Pure.
 */
export interface AddressClaims {
  /** The TCP peer (lib/auth/peer-address.ts), or null when unknown. */
  peer: string | null;
  forwardedFor?: string | null;
  realIp?: string | null;
  vercelForwardedFor?: string | null;
}

/** More hops than any real proxy chain; the rest of a long header is a client's. */
const MAX_HOPS = 32;

/** `::ffff:1.2.3.4` → `1.2.3.4`, ports and brackets removed, lower case; null when not an IP address. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim().toLowerCase().slice(0, 100);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (mapped) text = mapped[1]!;
  return isIP(text) ? text : null;
}

/** The eight groups of an IPv6 address, each 0–0xffff. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** The key a client is counted under: an IPv4 address, or an IPv6 address's /64. */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

export function trustList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** The client behind a chain of trusted proxies: the first hop from the right that is not one of them. */
function throughProxies(peer: string, forwardedFor: string | null | undefined, list: BlockList): string {
  let client = peer;
  if (!isTrusted(list, client)) return client;
  const hops = (forwardedFor ?? '').split(',').slice(-MAX_HOPS).reverse();
  for (const hop of hops) {
    const address = normalizeAddress(hop);
    // A hop that is no address was not written by a proxy: stop at the last one that was.
    if (!address) return client;
    client = address;
    if (!isTrusted(list, client)) return client;
  }
  return client;
}

const trustCache = new WeakMap<string[], BlockList>();

/** The configured list as a BlockList, built once per config object. */
function cachedTrustList(entries: string[]): BlockList {
  let list = trustCache.get(entries);
  if (!list) trustCache.set(entries, (list = trustList(entries)));
  return list;
}

/** Whether the socket's peer is a proxy whose forwarded headers (For, Host, Proto) are believed. */
export function peerIsTrusted(rawPeer: string | null, trust: TrustedProxies): boolean {
  if (trust.kind === 'vercel') return true;
  const peer = normalizeAddress(rawPeer);
  if (trust.kind !== 'list' || !peer) return false;
  return isTrusted(cachedTrustList(trust.entries), peer);
}

/** The rate-limit key of the request's client, or `unknown` when not even the peer is known. */
export function resolveClientAddress(claims: AddressClaims, trust: TrustedProxies): string {
  const peer = normalizeAddress(claims.peer);
  let client: string | null;
  if (trust.kind === 'vercel') {
    const firstForwarded = claims.forwardedFor?.split(',')[0];
    client = normalizeAddress(claims.vercelForwardedFor?.split(',')[0]) ?? normalizeAddress(claims.realIp) ?? normalizeAddress(firstForwarded) ?? peer;
  } else if (trust.kind === 'list' && peer) {
    client = throughProxies(peer, claims.forwardedFor, cachedTrustList(trust.entries));
  } else {
    client = peer;
  }
  return client ? addressKey(client) : 'unknown';
}

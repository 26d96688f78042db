import 'server-only';
import { isIP } from 'node:net';

/**
 * What kind of address an IP is, for deciding whether a notification may be
 * sent there. A channel's URL is written by an admin, but a stolen admin
 * session or a careless paste must not turn the server into a probe of its own
 * network: cloud metadata endpoints hand out credentials, loopback and private
 * ranges hold the store and other services.
 *
 * Only canonical text forms are parsed (what `new URL()` and the resolver
 * produce): `http://2130706433/`, `http://0x7f.1/` and `0177.0.0.1` are
 * already 127.0.0.1 by the time they get here, and the connection goes to the
 * address that was classified, never to a name resolved again.
 */

export type AddressClass =
  | 'public'
  /** Operator may allow (HOSTWATCH_ALERTS_ALLOW_PRIVATE). */
  | 'loopback'
  | 'private'
  /** Never allowed. */
  | 'metadata'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** The classes an operator may open up; everything else but `public` is refused always. */
export const ALLOWABLE: ReadonlySet<AddressClass> = new Set(['loopback', 'private']);

/** An address as a number: IPv4 in 32 bits, IPv6 in 128. */
export interface Ip {
  version: 4 | 6;
  value: bigint;
}

export interface Classified {
  address: string;
  class: AddressClass;
  /** The address the class was decided on: the embedded IPv4 of a mapped, NAT64 or 6to4 address, else the address itself. */
  effective: Ip;
}

/** Parse a canonical IPv4 or IPv6 text (an IPv6 zone such as `%eth0` is dropped); null when it is neither. */
export function parseIp(text: string): Ip | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return { version: 4, value: parseV4(bare) };
  if (version === 6) return { version: 6, value: parseV6(bare) };
  return null;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(text: string): bigint {
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // A dotted IPv4 tail is the last two groups: "::ffff:1.2.3.4" → head "::ffff".
    tailV4 = parseV4(text.slice(lastColon + 1));
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = tailV4 === null ? 8 : 6;
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const zeros = right === null ? 0 : groupsWanted - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(zeros).fill('0'), ...rightGroups];
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return tailV4 === null ? value : (value << 32n) | tailV4;
}

/** A CIDR block; `10.0.0.0/8`, `fd00::/8`. */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

/** Parse `a.b.c.d/n` or `x::/n` (host bits are masked off); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return null;
  const ip = parseIp(match[1]);
  const bits = Number(match[2]);
  if (!ip || bits > (ip.version === 4 ? 32 : 128) || match[1].includes('%')) return null;
  const width = ip.version === 4 ? 32 : 128;
  return { version: ip.version, base: ip.value & mask(width, bits), bits };
}

function mask(width: number, bits: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  return bits === 0 ? 0n : (all >> BigInt(width - bits)) << BigInt(width - bits);
}

export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.version !== ip.version) return false;
  return (ip.value & mask(ip.version === 4 ? 32 : 128, cidr.bits)) === cidr.base;
}

const block = (text: string): Cidr => parseCidr(text)!;

/** Exact addresses of instance metadata services (AWS IMDS and ECS/EKS, GCP/Azure/OCI, Alibaba, Oracle Classic). */
const METADATA = ['169.254.169.254', '169.254.170.2', '169.254.170.23', 'fd00:ec2::254', 'fd00:ec2::23', '100.100.100.200', '192.0.0.192'].map((a) => parseIp(a)!);

/** First match wins: specific blocks before the larger ones they sit in. */
const V4_RANGES: [Cidr, AddressClass][] = [
  [block('255.255.255.255/32'), 'broadcast'],
  [block('0.0.0.0/8'), 'unspecified'],
  [block('127.0.0.0/8'), 'loopback'],
  [block('169.254.0.0/16'), 'link-local'],
  [block('10.0.0.0/8'), 'private'],
  [block('172.16.0.0/12'), 'private'],
  [block('192.168.0.0/16'), 'private'],
  [block('100.64.0.0/10'), 'private'], // carrier-grade NAT: often the provider's own network
  [block('224.0.0.0/4'), 'multicast'],
  [block('240.0.0.0/4'), 'reserved'],
  [block('192.0.0.0/24'), 'reserved'],
  [block('192.0.2.0/24'), 'reserved'],
  [block('198.51.100.0/24'), 'reserved'],
  [block('203.0.113.0/24'), 'reserved'],
  [block('198.18.0.0/15'), 'reserved'],
  [block('192.88.99.0/24'), 'reserved'],
];

const V6_RANGES: [Cidr, AddressClass][] = [
  [block('::/128'), 'unspecified'],
  [block('::1/128'), 'loopback'],
  [block('::/96'), 'reserved'], // deprecated IPv4-compatible addresses
  [block('100::/64'), 'reserved'],
  [block('2001:db8::/32'), 'reserved'],
  [block('2001::/32'), 'reserved'], // Teredo hides an IPv4 address we cannot check
  [block('fe80::/10'), 'link-local'],
  [block('fec0::/10'), 'private'], // deprecated site-local
  [block('fc00::/7'), 'private'],
  [block('ff00::/8'), 'multicast'],
];

const GLOBAL_UNICAST = block('2000::/3');
const MAPPED = block('::ffff:0:0/96');
const NAT64 = block('64:ff9b::/96');
const SIX_TO_FOUR = block('2002::/16');

/** The IPv4 address an IPv6 address carries (mapped, NAT64 well-known prefix, 6to4), if any. */
function embeddedV4(ip: Ip): Ip | null {
  if (ip.version !== 6) return null;
  if (cidrContains(MAPPED, ip) || cidrContains(NAT64, ip)) return { version: 4, value: ip.value & 0xffffffffn };
  if (cidrContains(SIX_TO_FOUR, ip)) return { version: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return null;
}

function classOf(ip: Ip): AddressClass {
  if (METADATA.some((m) => m.version === ip.version && m.value === ip.value)) return 'metadata';
  const ranges = ip.version === 4 ? V4_RANGES : V6_RANGES;
  const hit = ranges.find(([cidr]) => cidrContains(cidr, ip));
  if (hit) return hit[1];
  if (ip.version === 6 && !cidrContains(GLOBAL_UNICAST, ip)) return 'reserved';
  return 'public';
}

/** Classify one address text; null when it is not an IP address. */
export function classifyAddress(address: string): Classified | null {
  const ip = parseIp(address);
  if (!ip) return null;
  const inner = embeddedV4(ip);
  const effective = inner ?? ip;
  return { address, class: classOf(effective), effective };
}

/** Names that reach a metadata service whatever they resolve to (the resolver may be the cloud's own). */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal', 'metadata.azure.internal']);

/** Lowercased, without the trailing dot of a fully qualified name. */
export function normalizeHostName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

export function isMetadataName(name: string): boolean {
  return METADATA_NAMES.has(normalizeHostName(name));
}

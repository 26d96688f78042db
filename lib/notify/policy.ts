import 'server-only';
import { config } from '@/lib/config';
import { ALLOWABLE, cidrContains, classifyAddress, parseCidr, parseIp, type AddressClass, type Cidr } from './address';

/**
 * Which addresses notifications may reach. Public addresses always; loopback
 * and private ranges only when the operator says so
 * (HOSTWATCH_ALERTS_ALLOW_PRIVATE: CIDRs, or `*` for every private and
 * loopback range, e.g. a self-hosted ntfy on the LAN); metadata, link-local,
 * unspecified, multicast, broadcast and reserved addresses never, whatever
 * the setting says.
 */
export interface AddressPolicy {
  allowAllPrivate: boolean;
  allowed: readonly Cidr[];
}

export const STRICT_POLICY: AddressPolicy = { allowAllPrivate: false, allowed: [] };

/** Build a policy from the setting's entries (`*` or CIDRs); throws naming a malformed entry. */
export function policyFromSetting(entries: readonly string[]): AddressPolicy {
  const allowed: Cidr[] = [];
  let allowAllPrivate = false;
  for (const entry of entries) {
    if (entry.trim() === '*') {
      allowAllPrivate = true;
      continue;
    }
    const cidr = parseCidr(entry);
    if (!cidr) throw new Error(`HOSTWATCH_ALERTS_ALLOW_PRIVATE: "${entry}" is not a CIDR like 10.0.0.0/8 or fd00::/8`);
    allowed.push(cidr);
  }
  return { allowAllPrivate, allowed };
}

let cached: { entries: readonly string[]; policy: AddressPolicy } | undefined;

/** The policy of this process's configuration. */
export function configuredPolicy(): AddressPolicy {
  const entries = config().notify.allowPrivate;
  if (cached?.entries !== entries) cached = { entries, policy: policyFromSetting(entries) };
  return cached.policy;
}

const LABELS: Record<AddressClass, string> = {
  public: 'public',
  loopback: 'loopback',
  private: 'private-network',
  metadata: 'cloud metadata',
  'link-local': 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

export type Verdict =
  | { ok: true; address: string; class: AddressClass }
  /** `what`: "a loopback address (… can allow it)"; `reason`: the address and `what` in a sentence. */
  | { ok: false; address: string; class: AddressClass | null; what: string; reason: string };

const refusal = (address: string, cls: AddressClass | null, what: string): Verdict => ({ ok: false, address, class: cls, what, reason: `${address} is ${what}` });
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** May a connection go to this address? The reason names the address and what would allow it, if anything. */
export function judgeAddress(address: string, policy: AddressPolicy): Verdict {
  const c = classifyAddress(address);
  if (!c) return refusal(address, null, 'not an IP address');
  if (c.class === 'public') return { ok: true, address, class: c.class };
  if (ALLOWABLE.has(c.class)) {
    // A CIDR may name the embedded IPv4 (127.0.0.0/8 covers ::ffff:127.0.0.1) or the IPv6 form itself.
    const ip = parseIp(address)!;
    const allowed = policy.allowAllPrivate || policy.allowed.some((cidr) => cidrContains(cidr, c.effective) || cidrContains(cidr, ip));
    if (allowed) return { ok: true, address, class: c.class };
    return refusal(address, c.class, `${article(LABELS[c.class])} ${LABELS[c.class]} address (HOSTWATCH_ALERTS_ALLOW_PRIVATE can allow it)`);
  }
  return refusal(address, c.class, `${article(LABELS[c.class])} ${LABELS[c.class]} address, never allowed`);
}

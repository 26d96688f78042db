import type { NetInterface, NetRates } from '../../lib/wire/contract';
import { counterDelta, perSecond, round2 } from './counter';

export interface NetCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  txBytes: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
}

/** Names of virtual interfaces that are not the machine's own traffic (containers, bridges, tunnels). */
const VIRTUAL_PREFIX = /^(veth|docker|br-|virbr|cni|flannel|cali|vxlan|weave|kube-|tunl|ifb|dummy|lxc|vnet)/;

export function isVirtualInterface(name: string, sysVirtual: ReadonlySet<string>): boolean {
  return sysVirtual.has(name) || VIRTUAL_PREFIX.test(name);
}

/** /proc/net/dev; `lo` always skipped, `include` decides the rest. */
export function parseNetDev(text: string, include: (name: string) => boolean): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === '' || name === 'lo' || name.includes('|') || !include(name)) continue;
    // With large counters the first number touches the colon ("eth0:123"), so split after it.
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (f.length < 16) continue;
    out.set(name, {
      rxBytes: f[0]!,
      rxPackets: f[1]!,
      rxErrs: f[2]!,
      rxDrop: f[3]!,
      txBytes: f[8]!,
      txPackets: f[9]!,
      txErrs: f[10]!,
      txDrop: f[11]!,
    });
  }
  return out;
}

const FIELDS: [keyof NetRates, keyof NetCounters][] = [
  ['rxBps', 'rxBytes'],
  ['txBps', 'txBytes'],
  ['rxPps', 'rxPackets'],
  ['txPps', 'txPackets'],
  ['rxErrPerSec', 'rxErrs'],
  ['txErrPerSec', 'txErrs'],
  ['rxDropPerSec', 'rxDrop'],
  ['txDropPerSec', 'txDrop'],
];

function zeroRates(): NetRates {
  return { rxBps: 0, txBps: 0, rxPps: 0, txPps: 0, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 };
}

/** Interfaces present in both reads; wraps and resets are handled per counter. */
export function netRates(
  prev: Map<string, NetCounters>,
  cur: Map<string, NetCounters>,
  intervalMs: number,
): { total: NetRates; interfaces: NetInterface[] } {
  const total = zeroRates();
  const interfaces: NetInterface[] = [];
  for (const [name, c] of cur) {
    const p = prev.get(name);
    if (!p) continue;
    const r: NetInterface = { name: name.slice(0, 64), ...zeroRates() };
    for (const [out, key] of FIELDS) {
      r[out] = round2(perSecond(counterDelta(p[key], c[key]), intervalMs));
      total[out] += r[out];
    }
    interfaces.push(r);
  }
  for (const [out] of FIELDS) total[out] = round2(total[out]);
  return { total, interfaces };
}

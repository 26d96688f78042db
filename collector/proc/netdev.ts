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

/**
 * Received and sent bytes summed over every interface but loopback: a container's network namespace,
 * where every interface is its own. Scans the text in place (fields 1 and 9 after each colon) rather than
 * splitting it, as this runs for every container at every reading.
 */
export function sumNetBytes(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const name = text.slice(start, colon).trim();
      if (name !== 'lo' && name !== '' && !name.includes('|')) {
        const fields = fieldsAt(text, colon + 1, end);
        if (fields) {
          rx += fields[0];
          tx += fields[1];
        }
      }
    }
    start = end + 1;
  }
  return { rx, tx };
}

/** The 1st and 9th whitespace-separated numbers in text[from, end), or null when the line has fewer than 16 fields. */
function fieldsAt(text: string, from: number, end: number): [number, number] | null {
  let field = 0;
  let first = 0;
  let ninth = 0;
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    let v = 0;
    let digits = true;
    while (i < end) {
      const d = text.charCodeAt(i);
      if (d === 32 || d === 9) break;
      if (d < 48 || d > 57) digits = false;
      else v = v * 10 + (d - 48);
      i++;
    }
    if (!digits) return null;
    if (field === 0) first = v;
    else if (field === 8) ninth = v;
    field++;
  }
  return field >= 16 ? [first, ninth] : null;
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

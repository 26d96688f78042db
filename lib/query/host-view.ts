import type { HostRecord, HostState } from '@/lib/store/types';
import { expectedPeriodMs, hostStatus, type HostStatus } from './host-status';

/** What the API shows of a host record: never its token hash. */
export function publicHost(host: HostRecord) {
  return { id: host.id, name: host.name, tags: host.tags, disabled: host.disabled, createdAt: host.createdAt };
}

export function statusOf(state: HostState | null, now: number): HostStatus {
  return state ? hostStatus(state.lastSeen, expectedPeriodMs(state.latest.intervalMs), now) : 'offline';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The few numbers a fleet overview shows per host, from its newest sample. */
export function headline(state: HostState | null) {
  if (!state) return null;
  const s = state.latest;
  const fsMax = s.filesystems.reduce<number | null>((m, f) => (m === null || f.usedPct > m ? f.usedPct : m), null);
  const tempMax = s.temperatures.reduce<number | null>((m, t) => (m === null || t.celsius > m ? t.celsius : m), null);
  return {
    ts: s.ts,
    cpuPct: round1(s.cpu.total),
    memPct: s.memory.total > 0 ? round1((s.memory.used / s.memory.total) * 100) : null,
    load1: s.cpu.load1,
    diskPct: fsMax === null ? null : round1(fsMax),
    rxBps: s.network.total.rxBps,
    txBps: s.network.total.txBps,
    tempC: tempMax,
  };
}

export function fleetEntry(host: HostRecord, state: HostState | null, now: number) {
  return {
    ...publicHost(host),
    status: host.disabled ? ('offline' as const) : statusOf(state, now),
    lastSeen: state?.lastSeen ?? null,
    intervalMs: state?.latest.intervalMs ?? null,
    headline: headline(state),
  };
}
export type FleetEntry = ReturnType<typeof fleetEntry>;

/** The full picture of one host: system info and its newest sample with per-core, per-disk, per-interface and process detail. */
export function hostDetail(host: HostRecord, state: HostState | null, now: number) {
  return {
    host: publicHost(host),
    status: host.disabled ? ('offline' as const) : statusOf(state, now),
    lastSeen: state?.lastSeen ?? null,
    clockSkewMs: state?.clockSkewMs ?? null,
    counters: state?.counters ?? null,
    droppedTotal: state?.droppedTotal ?? 0,
    /** The last time a per-host cap kept some of this host's series out of history. */
    seriesCapped: state?.capped ?? null,
    system: state?.system ?? null,
    latest: state?.latest ?? null,
  };
}

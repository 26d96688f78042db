import { METRICS, type MetricName } from '@/lib/metrics/registry';
import { deviceTrouble } from '@/lib/metrics/device-entities';
import { workloadTrouble } from '@/lib/metrics/workload-trouble';
import type { HostRecord, HostState } from '@/lib/store/types';
import type { Sample } from '@/lib/wire/contract';
import { expectedPeriodMs, hostStatus, type HostStatus } from './host-status';

/** What the API shows of a host record: never its token hash. */
export function publicHost(host: HostRecord) {
  return { id: host.id, name: host.name, tags: host.tags, disabled: host.disabled, createdAt: host.createdAt };
}

export function statusOf(state: HostState | null, now: number): HostStatus {
  return state ? hostStatus(state.lastSeen, expectedPeriodMs(state.latest.intervalMs), now) : 'waiting';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const value = (name: MetricName, s: Sample) => METRICS[name].read(s) ?? null;

/** The few numbers a fleet overview shows per host, from its newest sample, read as the series registry reads them. */
export function headline(state: HostState | null) {
  if (!state) return null;
  const s = state.latest;
  const fsMax = s.filesystems.reduce<number | null>((m, f) => (m === null || f.usedPct > m ? f.usedPct : m), null);
  const memUsed = value('mem.used', s)!;
  return {
    ts: s.ts,
    cpuPct: round1(value('cpu.total', s)!),
    memPct: s.memory.total > 0 ? round1((memUsed / s.memory.total) * 100) : null,
    load1: value('load.1', s)!,
    diskPct: fsMax === null ? null : round1(fsMax),
    rxBps: value('net.rx', s)!,
    txBps: value('net.tx', s)!,
    tempC: value('temp.max', s),
  };
}

export function fleetEntry(host: HostRecord, state: HostState | null, now: number) {
  return {
    ...publicHost(host),
    status: host.disabled ? ('offline' as const) : statusOf(state, now),
    lastSeen: state?.lastSeen ?? null,
    intervalMs: state?.latest.intervalMs ?? null,
    headline: headline(state),
    /** A failing drive or a battery running low in the newest sample (issue #14); null when neither. */
    deviceTrouble: state ? deviceTrouble(state.latest) : null,
    /** Failed services and containers unhealthy, restarting or dead in the newest sample; null when none. */
    workloadTrouble: state ? workloadTrouble(state.latest) : null,
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

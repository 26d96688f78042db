import 'server-only';
import { InvalidInput } from '@/lib/errors';
import { familySeries } from '@/lib/metrics/registry';
import { DEFAULT_RETENTION, HOUR, type Retention } from '@/lib/metrics/tiers';
import type { HostState, Store } from '@/lib/store/types';
import { alignToGrid, type Column } from '@/lib/metrics/align';
import { fleetEntry } from './host-view';
import { chooseTier } from './tier-select';

/**
 * What the dashboard's fleet page reads: every host in one request (the read
 * API's fleet entry plus OS and boot time for the table), and 1-hour
 * sparklines for the rows on screen in a second one.
 */

export async function fleetOverview(store: Store, now: number) {
  const rows = await store.getFleet();
  const hosts = rows.map(({ host, state }) => ({
    ...fleetEntry(host, state, now),
    os: state?.system ? `${state.system.os} ${state.system.osVersion}`.trim() : null,
    bootTime: state?.system?.bootTime || null,
  }));
  hosts.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { now, hosts };
}
export type FleetOverview = Awaited<ReturnType<typeof fleetOverview>>;
export type FleetOverviewHost = FleetOverview['hosts'][number];

export const SPARKLINE_SPAN_MS = HOUR;
export const SPARKLINE_POINTS = 60;
/** One page of the fleet table; more ids in one request is a client bug. */
export const MAX_SPARKLINE_HOSTS = 200;

/** The sparkline series of one fleet row: the keys the fleet table draws (lib/ui/fleet-sparks.ts reads the type). */
export type SparkKey = 'cpu' | 'mem' | 'disk' | 'rx' | 'tx' | 'load';
export type Sparklines = Record<SparkKey, Column>;

/** Three significant digits: a sparkline is 60 px wide, and 1,000 hosts' worth of JSON adds up. */
function round(col: Column, factor = 1): Column {
  return col.map((v) => (v === null ? null : Number((v * factor).toPrecision(3))));
}

function fullestMount(state: HostState | null): string | null {
  const fs = state?.latest.filesystems ?? [];
  return fs.reduce<{ mount: string; pct: number } | null>((m, f) => (m === null || f.usedPct > m.pct ? { mount: f.mount, pct: f.usedPct } : m), null)?.mount ?? null;
}

async function hostSparklines(store: Store, hostId: string, from: number, to: number, now: number, retention: Retention): Promise<Sparklines> {
  const state = await store.getHostState(hostId);
  const fsMetric = fullestMount(state);
  const metrics = ['cpu.total', 'mem.used', 'load.1', 'net.rx', 'net.tx', ...(fsMetric ? [familySeries('fs', fsMetric)] : [])];
  const { tier, stepMs } = chooseTier({ from, to, points: SPARKLINE_POINTS, now, retention, rawIntervalMs: state?.latest.intervalMs });
  const rows = await store.readSeries(hostId, tier.name, metrics, from - (from % stepMs), to, now);
  const { series } = alignToGrid(rows, metrics, from, to, stepMs);
  const memTotal = state?.latest.memory.total ?? 0;
  const empty = series['cpu.total']!.avg.map(() => null);
  return {
    cpu: round(series['cpu.total']!.avg),
    mem: memTotal > 0 ? round(series['mem.used']!.avg, 100 / memTotal) : empty,
    disk: fsMetric ? round(series[familySeries('fs', fsMetric)]!.avg) : empty,
    rx: round(series['net.rx']!.avg),
    tx: round(series['net.tx']!.avg),
    load: round(series['load.1']!.avg),
  };
}

export function parseSparklineIds(params: URLSearchParams): string[] {
  const ids = [...new Set((params.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
  if (ids.length === 0) throw new InvalidInput('invalid_parameter', 'ids must list at least one host id, comma-separated.');
  if (ids.length > MAX_SPARKLINE_HOSTS) throw new InvalidInput('invalid_parameter', `ids may list at most ${MAX_SPARKLINE_HOSTS} hosts per request.`);
  if (ids.some((id) => id.length > 64)) throw new InvalidInput('invalid_parameter', 'a host id is at most 64 characters.');
  return ids;
}

/** Sparklines of the last hour for each known host among `ids`; unknown ids are left out. */
export async function fleetSparklines(store: Store, ids: string[], now: number, retention: Retention = DEFAULT_RETENTION) {
  const from = now - SPARKLINE_SPAN_MS;
  const known = await Promise.all(ids.map((id) => store.getHost(id)));
  const present = ids.filter((_, i) => known[i] !== null);
  const lines = await Promise.all(present.map((id) => hostSparklines(store, id, from, now, now, retention)));
  return { from, to: now, hosts: Object.fromEntries(present.map((id, i) => [id, lines[i]!])) as Record<string, Sparklines> };
}
export type FleetSparklines = Awaited<ReturnType<typeof fleetSparklines>>;

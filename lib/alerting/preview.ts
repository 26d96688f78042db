import 'server-only';
import { backtest, seriesNeeded, type BacktestPeriod } from '@/lib/alerts/backtest';
import type { ParsedRule } from '@/lib/alerts/rules';
import { inScope } from '@/lib/alerts/scope';
import { cooperative } from '@/lib/store/cooperate';
import type { HostRecord, Store } from '@/lib/store/types';
import { PREVIEW_RANGES, type PreviewBody } from './api-schemas';
import { MAX_PREVIEW_HOSTS, MAX_PREVIEW_SERIES } from './limits';
import { parseRule } from './manage-rules';

/**
 * "How often would this rule have fired?" over the last 24 hours or 7 days,
 * on the 1-minute rollups of the hosts in the rule's scope, through the same
 * state machine live judging uses (lib/alerts/backtest.ts). Bounded work:
 * at most MAX_PREVIEW_HOSTS hosts (by name), MAX_PREVIEW_SERIES series each,
 * one host read at a time, the event loop given back between hosts.
 */

const ROW_MS = 60_000;

export interface HostPreview {
  hostId: string;
  hostName: string;
  fired: number;
  firingMs: number;
  periods: BacktestPeriod[];
  /** More periods than listed, or more series than read. */
  truncated?: true;
  /** Why this host's history cannot answer (no stored series of the signal, no CPU count). */
  unavailable?: string;
}

export interface PreviewResult {
  range: keyof typeof PREVIEW_RANGES;
  from: number;
  to: number;
  hosts: HostPreview[];
  fired: number;
  firingMs: number;
  /** Hosts in the rule's scope; more than `hosts.length` when the preview was cut at MAX_PREVIEW_HOSTS. */
  hostsInScope: number;
  hostsCut?: true;
  /** Why this rule cannot be previewed from stored history at all. */
  unavailable?: string;
}

async function previewHost(store: Store, rule: ParsedRule, host: HostRecord, cores: number | undefined, from: number, now: number): Promise<HostPreview> {
  const base = { hostId: host.id, hostName: host.name };
  const needed = seriesNeeded(rule, await store.listSeriesNames(host.id));
  if (needed.length === 0) return { ...base, fired: 0, firingMs: 0, periods: [], unavailable: 'no stored history of what this rule watches' };
  const names = needed.slice(0, MAX_PREVIEW_SERIES);
  const windowMs = rule.condition.kind === 'metric' ? rule.condition.windowMs : 0;
  // From a window earlier, so the first minutes of the range are judged with their window.
  const rows = await store.readSeries(host.id, '1m', names, from - windowMs, now, now);
  const result = backtest(rule, rows, from, now, { rowMs: ROW_MS, ...(cores ? { cores } : {}) });
  const truncated = result.truncated || needed.length > names.length;
  return {
    ...base,
    fired: result.fired,
    firingMs: result.firingMs,
    periods: result.periods,
    ...(truncated ? { truncated: true as const } : {}),
    ...(result.unavailable ? { unavailable: result.unavailable } : {}),
  };
}

export async function previewRule(store: Store, body: PreviewBody, now: number): Promise<PreviewResult> {
  const rule = await parseRule(store, body.rule);
  const from = now - PREVIEW_RANGES[body.range];
  const empty = { range: body.range, from, to: now, hosts: [], fired: 0, firingMs: 0 };
  // Asked with a CPU count at hand: what remains unavailable is the rule's own doing, not a host's.
  const general = backtest(rule, [], from, now, { cores: 1 }).unavailable;
  if (general) return { ...empty, hostsInScope: 0, unavailable: general };

  const inRange = (await store.listHosts()).filter((h) => inScope(rule.scope, h)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const chosen = inRange.slice(0, MAX_PREVIEW_HOSTS);
  const states = await store.getFleetStates(chosen.map((h) => h.id));
  const pause = cooperative();
  const hosts: HostPreview[] = [];
  for (const host of chosen) {
    const cores = states.get(host.id)?.latest.cpu.cores.length;
    hosts.push(await previewHost(store, rule, host, cores || undefined, from, now));
    await pause();
  }
  hosts.sort((a, b) => b.fired - a.fired || b.firingMs - a.firingMs);
  return {
    ...empty,
    hosts,
    fired: hosts.reduce((n, h) => n + h.fired, 0),
    firingMs: hosts.reduce((n, h) => n + h.firingMs, 0),
    hostsInScope: inRange.length,
    ...(inRange.length > chosen.length ? { hostsCut: true as const } : {}),
  };
}

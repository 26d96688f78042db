import type { Severity } from '@/lib/alerts/schemas';
import { isFamilySignal, signalByName } from '@/lib/alerts/signals';
import type { ChartSpec } from '@/lib/ui/chart-specs';
import type { AlertPeriod } from './api-types';

/**
 * Which of the host page's charts an alert period belongs on, and the
 * shaded spans each chart draws: a firing CPU rule shades the CPU chart from
 * when it fired to when it resolved (or now). A signal goes on the chart
 * that draws its series, else the one its stored inputs are drawn on, else
 * its group's chart; "host down" shades every chart (they all have the gap);
 * conditions without a history chart (filesystems used, processes, clock)
 * shade none and are listed in the header only. Pure.
 */

export interface ChartArea {
  x1: number;
  x2: number;
  severity: Severity;
  /** "High CPU (firing)" — for the chart's text alternative and the area's title. */
  label: string;
  ruleId: string;
}

type Chart = Pick<ChartSpec, 'id' | 'series' | 'bands'>;

const GROUP_CHART: Record<string, string> = { cpu: 'cpu', memory: 'memory', disk: 'disk', network: 'network', temperature: 'temperature' };

const metricsOf = (chart: Chart): string[] => [...chart.series.map((s) => s.metric), ...chart.bands];

/** The chart ids a period is drawn on. */
export function chartsOfPeriod(period: Pick<AlertPeriod, 'condition' | 'signal'>, charts: readonly Chart[]): string[] {
  if (period.condition === 'host_down') return charts.map((c) => c.id);
  if (period.condition !== 'metric' || period.signal === null) return [];
  const signal = signalByName(period.signal);
  if (!signal) return [];
  const drawn = (name: string) => charts.find((c) => metricsOf(c).includes(name))?.id;
  const h = signal.history;
  const direct = drawn(signal.name) ?? (h.kind === 'series' ? drawn(h.series) : h.kind === 'derived' ? h.needs.map(drawn).find(Boolean) : h.kind === 'family' ? drawn(h.metric) : undefined);
  if (direct) return [direct];
  // Filesystems have no history chart on the host page: "disk" is the I/O chart, not the space one.
  if (isFamilySignal(signal) && signal.family === 'filesystems') return [];
  const byGroup = GROUP_CHART[signal.group];
  return byGroup && charts.some((c) => c.id === byGroup) ? [byGroup] : [];
}

/** Each chart's shaded spans inside the window [from, to]; a period still firing runs to the window's end (the newest data drawn). */
export function areasByChart(periods: readonly AlertPeriod[], charts: readonly Chart[], window: { from: number; to: number }): Map<string, ChartArea[]> {
  const out = new Map<string, ChartArea[]>();
  for (const p of periods) {
    const x1 = Math.max(p.from, window.from);
    const x2 = Math.min(p.to ?? window.to, window.to);
    if (!(x2 > x1)) continue;
    const entity = p.entity ? ` ${p.entity}` : '';
    const label = `${p.ruleName}${entity} (${p.to === null ? 'firing' : 'fired'})`;
    for (const id of chartsOfPeriod(p, charts)) {
      let list = out.get(id);
      if (!list) out.set(id, (list = []));
      list.push({ x1, x2, severity: p.severity, label, ruleId: p.ruleId });
    }
  }
  return out;
}

/** Words for a chart's text alternative: "Alerts in this range: High CPU (fired)." */
export function areasText(areas: readonly ChartArea[] | undefined): string {
  if (!areas || areas.length === 0) return '';
  const labels = [...new Set(areas.map((a) => a.label))];
  return `Alerts in this range: ${labels.join(', ')}.`;
}

import { escapeLabelValue, type Labels } from './labels';

/**
 * Writes metric families in the Prometheus text format (0.0.4) or in
 * OpenMetrics 1.0. Pure. The two differ where it matters here: OpenMetrics
 * names a counter's family without `_total` (its samples keep it), escapes
 * `"` in HELP too, and ends with `# EOF`. A family's samples are written
 * together, as both formats require.
 */

export type Format = 'prometheus' | 'openmetrics';
export type MetricType = 'gauge' | 'counter' | 'histogram';

export const CONTENT_TYPES: Record<Format, string> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** OpenMetrics when the scraper lists it in Accept (Prometheus does, first), else the classic text format. */
export function formatFor(accept: string | null): Format {
  return accept !== null && /application\/openmetrics-text/i.test(accept) ? 'openmetrics' : 'prometheus';
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function labelText(labels: Labels): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([n, v]) => `${n}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** One family being written: its header once, then its sample lines. */
export class Family {
  readonly lines: string[] = [];
  /** Bytes of the lines so far, for the caller's output cap. */
  bytes = 0;

  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly help: string,
  ) {
    if (type === 'counter' && !name.endsWith('_total')) throw new Error(`counter ${name} must end with _total`);
    if (type !== 'counter' && name.endsWith('_total')) throw new Error(`${name}: _total is for counters only`);
  }

  /** A sample of the family; `suffix` is a histogram's `_bucket`, `_sum` or `_count`. */
  add(labels: Labels, value: number, suffix = ''): number {
    const line = `${this.name}${suffix}${labelText(labels)} ${formatValue(value)}\n`;
    this.lines.push(line);
    this.bytes += line.length;
    return line.length;
  }
}

function helpText(help: string, format: Format): string {
  return help.replace(format === 'openmetrics' ? /[\\\n"]/g : /[\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** The families in order, each with its HELP and TYPE; a family with no sample is left out. */
export function writeFamilies(families: readonly Family[], format: Format): string {
  const out: string[] = [];
  for (const f of families) {
    if (f.lines.length === 0) continue;
    const typeName = format === 'openmetrics' && f.type === 'counter' ? f.name.slice(0, -'_total'.length) : f.name;
    out.push(`# HELP ${typeName} ${helpText(f.help, format)}\n# TYPE ${typeName} ${f.type}\n`, ...f.lines);
  }
  if (format === 'openmetrics') out.push('# EOF\n');
  return out.join('');
}

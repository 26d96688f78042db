import type { Sample } from '@/lib/wire/contract';
import type { Display, FamilyDef, Group, Unit } from './family-def';
import { HOST_FAMILIES } from './host-families';
import { MAX_BYTES, MAX_LOAD, MAX_RATE, MAX_CELSIUS, MIN_CELSIUS } from '@/lib/wire/limits';

export type { FamilyDef, Group, Unit } from './family-def';

/**
 * The series registry: every history series Hostwatch keeps, once. A scalar
 * metric is one entry of METRICS (how it is read from a sample, its unit,
 * label and group); a per-entity metric (one series per mount, disk,
 * interface or sensor) is one entry of FAMILIES, whose series are named
 * `<family metric>:<entity>`, e.g. `fs:/var` or `disk.read:sda`. Precision,
 * physical range, the metric groups of the read API, the chart specs' typed
 * metric names and the share viewer's allow-list all derive from here. Pure.
 */

/** Stored value = round((value + offset) * scale): non-negative integers (see quantize.ts). */
export interface Precision {
  scale: number;
  offset: number;
}

/** How each unit is stored, and the physical range the wire contract also enforces. */
export const UNITS: Record<Unit, { precision: Precision; min: number; max: number }> = {
  pct: { precision: { scale: 100, offset: 0 }, min: 0, max: 100 },
  number: { precision: { scale: 100, offset: 0 }, min: 0, max: MAX_LOAD },
  bytes: { precision: { scale: 1, offset: 0 }, min: 0, max: MAX_BYTES },
  rate: { precision: { scale: 1, offset: 0 }, min: 0, max: MAX_RATE },
  celsius: { precision: { scale: 10, offset: -MIN_CELSIUS }, min: MIN_CELSIUS, max: MAX_CELSIUS },
};


interface MetricDef extends Display {
  label: string;
  unit: Unit;
  group: Group;
  /** The value in a sample, or undefined when the sample has none (no sensors: no temp.max). */
  read: (s: Sample) => number | undefined;
}

const maxOf = (values: number[]) => (values.length === 0 ? undefined : Math.max(...values));

export const METRICS = {
  'cpu.total': { label: 'CPU', unit: 'pct', group: 'cpu', read: (s) => s.cpu.total },
  'cpu.user': { label: 'User', unit: 'pct', group: 'cpu', read: (s) => s.cpu.user },
  'cpu.system': { label: 'System', unit: 'pct', group: 'cpu', read: (s) => s.cpu.system },
  'cpu.iowait': { label: 'I/O wait', unit: 'pct', group: 'cpu', read: (s) => s.cpu.iowait },
  'cpu.steal': { label: 'Steal', unit: 'pct', group: 'cpu', read: (s) => s.cpu.steal },
  'load.1': { label: 'Load 1 min', unit: 'number', group: 'cpu', read: (s) => s.cpu.load1 },
  'load.5': { label: 'Load 5 min', unit: 'number', group: 'cpu', read: (s) => s.cpu.load5 },
  'load.15': { label: 'Load 15 min', unit: 'number', group: 'cpu', read: (s) => s.cpu.load15 },
  'mem.used': { label: 'Memory used', unit: 'bytes', group: 'memory', read: (s) => s.memory.used },
  'mem.available': { label: 'Memory available', unit: 'bytes', group: 'memory', read: (s) => s.memory.available },
  'mem.cached': { label: 'Cached', unit: 'bytes', group: 'memory', read: (s) => s.memory.cached },
  'swap.used': { label: 'Swap used', unit: 'bytes', chart: 'Swap', group: 'memory', read: (s) => s.memory.swapUsed },
  'disk.read': { label: 'Disk read', unit: 'rate', group: 'disk', read: (s) => s.disk.total.readBps },
  'disk.write': { label: 'Disk write', unit: 'rate', group: 'disk', read: (s) => s.disk.total.writeBps },
  'net.rx': { label: 'Received', unit: 'rate', group: 'network', read: (s) => s.network.total.rxBps },
  'net.tx': { label: 'Sent', unit: 'rate', group: 'network', read: (s) => s.network.total.txBps },
  'temp.max': { label: 'Hottest sensor', unit: 'celsius', group: 'temperature', read: (s) => maxOf(s.temperatures.map((t) => t.celsius)) },
  'cpu.ctxt': { label: 'Context switches', unit: 'rate', display: 'number', chart: 'Context switches and interrupts (per second)', group: 'cpu', read: (s) => s.cpu.ctxtPerSec },
  'cpu.intr': { label: 'Interrupts', unit: 'rate', display: 'number', chart: 'Context switches and interrupts (per second)', group: 'cpu', read: (s) => s.cpu.intrPerSec },
  'swap.total': { label: 'Swap size', unit: 'bytes', chart: 'Swap', group: 'memory', read: (s) => s.memory.swapTotal },
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];


export const FAMILIES = {
  filesystems: {
    entity: 'filesystem',
    title: 'Filesystems',
    group: 'disk',
    cap: 256,
    metrics: {
      fs: { label: 'Used', unit: 'pct', chart: 'Space used' },
      'fs.inodes': { label: 'Inodes used', unit: 'pct', chart: 'Inodes used' },
    },
    // A filesystem without an inode table (btrfs, vfat report 0 of 0) has none in use.
    entities: (s) => s.filesystems.map((f) => ({ key: f.mount, values: { fs: f.usedPct, 'fs.inodes': f.inodesTotal > 0 ? Math.min(100, (f.inodesUsed / f.inodesTotal) * 100) : 0 } })),
  },
  disks: {
    entity: 'disk',
    title: 'Disks',
    group: 'disk',
    cap: 256,
    metrics: {
      'disk.read': { label: 'Read', unit: 'rate', chart: 'Throughput' },
      'disk.write': { label: 'Write', unit: 'rate', chart: 'Throughput' },
      'disk.reads': { label: 'Read operations', unit: 'rate', display: 'number', chart: 'Operations per second (IOPS)' },
      'disk.writes': { label: 'Write operations', unit: 'rate', display: 'number', chart: 'Operations per second (IOPS)' },
      'disk.busy': { label: 'Busy', unit: 'pct', chart: 'Busy time' },
    },
    entities: (s) =>
      s.disk.devices.map((d) => ({
        key: d.name,
        values: { 'disk.read': d.readBps, 'disk.write': d.writeBps, 'disk.reads': d.readsPerSec, 'disk.writes': d.writesPerSec, 'disk.busy': d.busyPct },
      })),
  },
  interfaces: {
    entity: 'network interface',
    title: 'Network interfaces',
    group: 'network',
    cap: 256,
    metrics: {
      'net.rx': { label: 'Received', unit: 'rate', chart: 'Traffic' },
      'net.tx': { label: 'Sent', unit: 'rate', chart: 'Traffic' },
      'net.rxp': { label: 'Packets received', unit: 'rate', display: 'number', chart: 'Packets per second' },
      'net.txp': { label: 'Packets sent', unit: 'rate', display: 'number', chart: 'Packets per second' },
      // Errors and drops are rare and fractional (0.2/s): kept to 1/100, unlike the whole-number byte and packet rates.
      'net.rxerr': { label: 'Receive errors', unit: 'number', perSecond: true, chart: 'Errors and drops per second' },
      'net.txerr': { label: 'Send errors', unit: 'number', perSecond: true, chart: 'Errors and drops per second' },
      'net.rxdrop': { label: 'Receive drops', unit: 'number', perSecond: true, chart: 'Errors and drops per second' },
      'net.txdrop': { label: 'Send drops', unit: 'number', perSecond: true, chart: 'Errors and drops per second' },
    },
    entities: (s) =>
      s.network.interfaces.map((n) => ({
        key: n.name,
        values: {
          'net.rx': n.rxBps,
          'net.tx': n.txBps,
          'net.rxp': n.rxPps,
          'net.txp': n.txPps,
          'net.rxerr': n.rxErrPerSec,
          'net.txerr': n.txErrPerSec,
          'net.rxdrop': n.rxDropPerSec,
          'net.txdrop': n.txDropPerSec,
        },
      })),
  },
  sensors: {
    entity: 'sensor',
    title: 'Sensors',
    group: 'temperature',
    cap: 128,
    metrics: { temp: { label: 'Temperature', unit: 'celsius', chart: 'Temperature' } },
    entities: (s) => s.temperatures.map((t) => ({ key: t.label, values: { temp: t.celsius } })),
  },
  cores: {
    entity: 'CPU core',
    title: 'CPU cores',
    group: 'cpu',
    cap: 256,
    metrics: { 'cpu.core': { label: 'Busy', unit: 'pct', chart: 'Core busy' } },
    // Logical CPUs by their index, as /proc/stat numbers them (cpu0 → "0").
    entities: (s) => s.cpu.cores.map((pct, i) => ({ key: String(i), values: { 'cpu.core': pct } })),
  },
  ...HOST_FAMILIES,
} as const satisfies Record<string, FamilyDef>;

export type FamilyName = keyof typeof FAMILIES;
export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

/** A family member's series name: the family metric, a colon, the entity (which may itself hold colons). */
export type FamilySeriesName = `${string}:${string}`;

/** Per-host caps on live entities, by family. */
export type SeriesLimits = Record<FamilyName, number>;
export const DEFAULT_SERIES_LIMITS: SeriesLimits = Object.fromEntries(FAMILY_NAMES.map((f) => [f, FAMILIES[f].cap])) as SeriesLimits;

/** Family metric id → its family; scalar metric names never contain a colon. */
const FAMILY_OF_METRIC = new Map<string, FamilyName>(
  FAMILY_NAMES.flatMap((f) => Object.keys(FAMILIES[f].metrics).map((m) => [m, f] as const)),
);
const UNIT_OF_FAMILY_METRIC = new Map<string, Unit>(
  FAMILY_NAMES.flatMap((f) => Object.entries(FAMILIES[f].metrics).map(([m, d]) => [m, d.unit as Unit] as const)),
);

/** `fs:/var` → { metric: 'fs', entity: '/var' }; null for a scalar metric or an unknown prefix. */
export function familyPart(name: string): { family: FamilyName; metric: string; entity: string } | null {
  const i = name.indexOf(':');
  if (i <= 0 || i === name.length - 1) return null;
  const metric = name.slice(0, i);
  const family = FAMILY_OF_METRIC.get(metric);
  return family ? { family, metric, entity: name.slice(i + 1) } : null;
}

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** The unit of any series name the registry knows, or null. */
export function unitOf(name: string): Unit | null {
  if (isMetricName(name)) return METRICS[name].unit;
  const part = familyPart(name);
  return part ? (UNIT_OF_FAMILY_METRIC.get(part.metric) ?? null) : null;
}

/** Series names of a family member. */
export const familySeries = (metric: string, entity: string): FamilySeriesName => `${metric}:${entity}`;

/**
 * Per-family caps keyed by family metric id, the form the backends apply
 * when they meet a new series name (`fs` → 256, `disk.read` → 256, ...).
 */
export function capsByMetric(limits: SeriesLimits): Record<string, number> {
  return Object.fromEntries([...FAMILY_OF_METRIC].map(([metric, family]) => [metric, limits[family]]));
}

/** The scalar metrics of a group, in registry order (the read API's `/metrics/<group>` sets). */
export function metricsOfGroup(group: Group): MetricName[] {
  return METRIC_NAMES.filter((n) => METRICS[n].group === group);
}

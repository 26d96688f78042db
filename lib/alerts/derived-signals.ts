import type { SeriesValue } from '@/lib/metrics/align';
import { FAMILIES } from '@/lib/metrics/registry';
import type { Container, Sample } from '@/lib/wire/contract';
import type { FamilySignal, ScalarSignal, Signal } from './signal-types';
import { latestStateSignal } from './latest-state-signal';
import { SERVICE_SIGNALS } from './service-signals';
import { DEVICE_SIGNALS } from './device-signals';

/**
 * Signals computed from a sample rather than stored as series: the shares
 * and ratios people alert on. What a backtest can rebuild is stated per
 * signal: memory used % is exact from history because both collectors
 * report used = total − available (collector/proc/meminfo.ts and the
 * fallback sampler), so total = used + available; swap size, inode counts
 * and error rates are not kept, and load per core needs the CPU count from
 * outside history.
 */

const pctOf = (part: number, whole: number) => Math.min(100, Math.max(0, (part / whole) * 100));

const memUsedPct: ScalarSignal = {
  name: 'mem.used_pct',
  label: 'Memory used',
  unit: 'pct',
  group: 'memory',
  read: (s) => (s.memory.total > 0 ? pctOf(s.memory.used, s.memory.total) : undefined),
  history: {
    kind: 'derived',
    needs: ['mem.used', 'mem.available'],
    compute: (v) => {
      const used = v['mem.used'];
      const available = v['mem.available'];
      if (!used || !available) return undefined;
      // Within one row the total is constant, so the mean total is the total and min/max follow used.
      const total = used.avg + available.avg;
      if (total <= 0) return undefined;
      return { avg: pctOf(used.avg, total), min: pctOf(used.min, total), max: pctOf(used.max, total) };
    },
  },
};

const swapUsedPct: ScalarSignal = {
  name: 'swap.used_pct',
  label: 'Swap used',
  unit: 'pct',
  group: 'memory',
  // A host without swap has no swap share: absent, never 0 % (which could satisfy a "below" rule).
  read: (s) => (s.memory.swapTotal > 0 ? pctOf(s.memory.swapUsed, s.memory.swapTotal) : undefined),
  history: { kind: 'none', reason: 'history keeps swap used but not the swap size, so the share cannot be rebuilt' },
};

const inodesPct: FamilySignal = {
  name: 'fs.inodes_pct',
  label: 'Filesystem inodes used',
  metricLabel: 'inodes used',
  unit: 'pct',
  group: 'disk',
  family: 'filesystems',
  entityKind: FAMILIES.filesystems.entity,
  // Filesystems without a fixed inode table (btrfs, some FUSE) report 0 inodes: no value rather than 0 %.
  entities: (s) => s.filesystems.flatMap((f) => (f.inodesTotal > 0 ? [{ entity: f.mount, value: pctOf(f.inodesUsed, f.inodesTotal) }] : [])),
  history: { kind: 'none', reason: 'history does not keep inode counts' },
};

const netErrorsTotal: ScalarSignal = {
  name: 'net.errors',
  label: 'Network errors',
  unit: 'number',
  suffix: 'errors/s',
  group: 'network',
  read: (s) => s.network.total.rxErrPerSec + s.network.total.txErrPerSec,
  history: { kind: 'none', reason: 'history does not keep network error rates' },
};

const netErrorsEach: FamilySignal = {
  name: 'net.errors.each',
  label: 'Network interface errors',
  metricLabel: 'errors',
  unit: 'number',
  suffix: 'errors/s',
  group: 'network',
  family: 'interfaces',
  entityKind: FAMILIES.interfaces.entity,
  entities: (s) => s.network.interfaces.map((n) => ({ entity: n.name, value: n.rxErrPerSec + n.txErrPerSec })),
  history: { kind: 'none', reason: 'history does not keep network error rates' },
};

const LOADS = [
  ['load.1', '1 min', (s: Sample) => s.cpu.load1],
  ['load.5', '5 min', (s: Sample) => s.cpu.load5],
  ['load.15', '15 min', (s: Sample) => s.cpu.load15],
] as const;

const perCore = (v: SeriesValue, cores: number): SeriesValue => ({ avg: v.avg / cores, min: v.min / cores, max: v.max / cores });

const loadPerCore: ScalarSignal[] = LOADS.map(([series, span, read]) => ({
  name: `${series}_per_core`,
  label: `Load ${span} per core`,
  unit: 'number',
  group: 'cpu',
  read: (s) => (s.cpu.cores.length > 0 ? read(s) / s.cpu.cores.length : undefined),
  history: {
    kind: 'derived',
    needs: [series],
    requires: 'cores',
    compute: (v, ctx) => {
      const load = v[series];
      return load && ctx.cores && ctx.cores > 0 ? perCore(load, ctx.cores) : undefined;
    },
  },
}));

/*
 * Container conditions as 0/1 signals per container (rule: above 0.5, or "is 1"), so they get the
 * state machine's for-duration, hysteresis and per-entity states like any threshold, and a name
 * pattern (`entityPattern: "web-*"`) picks the containers. Unlike the ctr.* series they cover
 * stopped containers too: the latest sample lists every container, running or not.
 */
const isStopped = (c: Container) => c.state === 'exited' || c.state === 'dead';

const containerSignal = (name: string, label: string, metricLabel: string, value: (c: Container) => number, suffix?: string): FamilySignal =>
  latestStateSignal({ name, label, metricLabel, family: 'containers', list: (s) => s.containers, entity: (c) => c.name, value, suffix, reason: 'container states are kept in the latest sample only, not in history' });

const containerSignals: FamilySignal[] = [
  containerSignal('ctr.stopped', 'Container stopped (1 = exited or dead)', 'stopped', (c) => (isStopped(c) ? 1 : 0)),
  containerSignal('ctr.unhealthy', 'Container unhealthy (1 = health check failing)', 'unhealthy', (c) => (c.health === 'unhealthy' ? 1 : 0)),
  containerSignal('ctr.restarting', 'Container restarting (1 = in a restart loop)', 'restarting', (c) => (c.state === 'restarting' ? 1 : 0)),
  containerSignal('ctr.restarts', 'Container restarts', 'restarts', (c) => Math.min(c.restarts, 2 ** 22), 'restarts'),
];

export const DERIVED_SIGNALS: readonly Signal[] = [memUsedPct, swapUsedPct, inodesPct, netErrorsTotal, netErrorsEach, ...loadPerCore, ...containerSignals,
  ...SERVICE_SIGNALS, ...DEVICE_SIGNALS];

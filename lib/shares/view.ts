import type { ProcessInfo, Sample, SystemInfo } from '@/lib/wire/contract';
import type { ProcessSnapshot, ShareRecord } from '@/lib/store/types';
import type { AlignedSeries } from '@/lib/metrics/align';
import { familyPart } from '@/lib/metrics/registry';
import { deviceView } from './device-view';
import type { HostStatus } from '@/lib/query/host-status';
import type { AlertView } from '@/lib/alerting/alert-views';

/**
 * What a share viewer receives, built key by key. Nothing is spread or
 * passed through: a field added to the wire contract, the host record or the
 * query answers reaches a viewer only when it is written here (and the
 * compiler asks for it where these shapes must stay complete). Left out on
 * purpose: the machine's hostname (the admin's name for the host is what they
 * chose to show), the host's creation time, collector counters, the link's
 * label and creator, and every id but this host's.
 */

export interface ShareViewInput {
  host: { id: string; name: string; tags: string[]; disabled: boolean };
  status: HostStatus;
  lastSeen: number | null;
  clockSkewMs: number | null;
  droppedTotal: number;
  system: SystemInfo | null;
  latest: Sample | null;
}

export type ShareGrant = Pick<ShareRecord, 'includeProcesses' | 'includeAlerts' | 'maxRangeMs' | 'expiresAt'>;

/** One pending or firing alert as a viewer sees it: what and since when, never who acknowledged it or any id. */
export interface SharedAlert {
  ruleName: string;
  severity: AlertView['severity'];
  entity: string;
  status: AlertView['status'];
  since: number;
  value: number | null;
  threshold: number | null;
  unit: AlertView['unit'];
}

export const alertView = (a: AlertView): SharedAlert => ({
  ruleName: a.ruleName,
  severity: a.severity,
  entity: a.entity,
  status: a.status,
  since: a.since,
  value: a.value,
  threshold: a.threshold,
  unit: a.unit,
});

const processView = (p: ProcessInfo): ProcessInfo => ({
  pid: p.pid,
  name: p.name,
  user: p.user,
  state: p.state,
  cpuPct: p.cpuPct,
  rss: p.rss,
  memPct: p.memPct,
  threads: p.threads,
  startedAt: p.startedAt,
  command: p.command,
});

/** The system facts of the header, without the machine's own hostname. */
export type SharedSystem = Omit<SystemInfo, 'hostname'>;
const systemView = (s: SystemInfo): SharedSystem => ({
  os: s.os,
  osVersion: s.osVersion,
  kernel: s.kernel,
  arch: s.arch,
  cpuModel: s.cpuModel,
  cores: s.cores,
  threads: s.threads,
  memoryTotal: s.memoryTotal,
  bootTime: s.bootTime,
  virtualization: s.virtualization,
  collectorVersion: s.collectorVersion,
});

const netRates = (n: Sample['network']['total']) => ({
  rxBps: n.rxBps,
  txBps: n.txBps,
  rxPps: n.rxPps,
  txPps: n.txPps,
  rxErrPerSec: n.rxErrPerSec,
  txErrPerSec: n.txErrPerSec,
  rxDropPerSec: n.rxDropPerSec,
  txDropPerSec: n.txDropPerSec,
});

const diskRates = (d: Sample['disk']['total']) => ({
  readBps: d.readBps,
  writeBps: d.writeBps,
  readsPerSec: d.readsPerSec,
  writesPerSec: d.writesPerSec,
  busyPct: d.busyPct,
});

/** The newest sample; its process list only when the link includes processes (the counts stay: they are a headline). */
export function sampleView(s: Sample, includeProcesses: boolean): Sample {
  const c = s.cpu;
  const m = s.memory;
  return {
    ts: s.ts,
    intervalMs: s.intervalMs,
    cpu: {
      total: c.total,
      user: c.user,
      system: c.system,
      iowait: c.iowait,
      steal: c.steal,
      irq: c.irq,
      nice: c.nice,
      idle: c.idle,
      cores: [...c.cores],
      load1: c.load1,
      load5: c.load5,
      load15: c.load15,
      ctxtPerSec: c.ctxtPerSec,
      intrPerSec: c.intrPerSec,
      procsRunning: c.procsRunning,
      procsBlocked: c.procsBlocked,
    },
    memory: {
      total: m.total,
      used: m.used,
      available: m.available,
      buffers: m.buffers,
      cached: m.cached,
      swapTotal: m.swapTotal,
      swapUsed: m.swapUsed,
    },
    filesystems: s.filesystems.map((f) => ({
      mount: f.mount,
      device: f.device,
      type: f.type,
      size: f.size,
      used: f.used,
      free: f.free,
      usedPct: f.usedPct,
      inodesUsed: f.inodesUsed,
      inodesTotal: f.inodesTotal,
    })),
    disk: { total: diskRates(s.disk.total), devices: s.disk.devices.map((d) => ({ name: d.name, ...diskRates(d) })) },
    network: { total: netRates(s.network.total), interfaces: s.network.interfaces.map((i) => ({ name: i.name, ...netRates(i) })) },
    temperatures: s.temperatures.map((t) => ({ label: t.label, celsius: t.celsius })),
    processes: {
      total: s.processes.total,
      running: s.processes.running,
      top: includeProcesses ? s.processes.top.map(processView) : [],
    },
    ...deviceView(s),
  };
}

/** GET /api/v1/share/{token}/hosts/{id}: the header, the newest sample, and what the link allows. */
export function shareHostView(d: ShareViewInput, grant: ShareGrant, alerts: readonly AlertView[] | null = null) {
  return {
    host: { id: d.host.id, name: d.host.name, tags: [...d.host.tags], disabled: d.host.disabled },
    status: d.status,
    lastSeen: d.lastSeen,
    clockSkewMs: d.clockSkewMs,
    droppedTotal: d.droppedTotal,
    system: d.system ? systemView(d.system) : null,
    latest: d.latest ? sampleView(d.latest, grant.includeProcesses) : null,
    /** Null unless the link's creator chose to show alerts. */
    alerts: grant.includeAlerts === true && alerts ? alerts.map(alertView) : null,
    share: { includeProcesses: grant.includeProcesses, includeAlerts: grant.includeAlerts === true, maxRangeMs: grant.maxRangeMs, expiresAt: grant.expiresAt },
  };
}
export type ShareHostView = ReturnType<typeof shareHostView>;

/** GET …/series: the aligned arrays and the window actually answered (after clamping). */
export function shareSeries(a: AlignedSeries & { tier: string; from: number; to: number; processesKeptMs: number }) {
  const series: AlignedSeries['series'] = {};
  for (const [name, col] of Object.entries(a.series)) {
    // Container names say what runs on the host, as process names do; a link shows neither their list nor their history.
    if (familyPart(name)?.family === 'containers') continue;
    // Service names (unit names) say what runs on the host just as much.
    if (familyPart(name)?.family === 'services') continue;
    if (Array.isArray(col?.avg) && Array.isArray(col.min) && Array.isArray(col.max)) series[name] = { avg: col.avg, min: col.min, max: col.max };
  }
  return { tier: a.tier, from: a.from, to: a.to, processesKeptMs: a.processesKeptMs, stepMs: a.stepMs, t: a.t, series };
}
export type ShareSeries = ReturnType<typeof shareSeries>;

/** GET …/processes: the snapshot nearest the (clamped) time, or the latest. */
export function shareProcesses(at: number | null, snapshot: ProcessSnapshot | null) {
  return {
    at,
    snapshot: snapshot
      ? { ts: snapshot.ts, total: snapshot.total, running: snapshot.running, processes: snapshot.processes.map(processView) }
      : null,
  };
}
export type ShareProcesses = ReturnType<typeof shareProcesses>;

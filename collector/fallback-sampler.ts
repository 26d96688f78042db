import os from 'node:os';
import * as si from 'systeminformation';
import type { Sample } from '../lib/wire/contract';
import { monotonicMs } from './clock';
import { clampPct, round2 } from './proc/counter';
import { redactCommandLine } from './redact-args';
import { countWatched } from './watch-match';

/**
 * Platforms without /proc (macOS, Windows): systeminformation fills the same
 * fields as far as it can. It spawns helper processes, so it is only used
 * where there is no cheaper source, and it is only in the fallback bundle
 * (collector/fallback.ts), imported statically because that bundle exists for it.
 */
export class FallbackSampler {
  private prevAt = 0;
  private lastTs = 0;
  private watch: readonly string[] = [];

  /** Counted over systeminformation's full process list on every sample. */
  setWatch(patterns: readonly string[]): void {
    this.watch = [...new Set(patterns)];
  }

  async prime(): Promise<void> {
    await Promise.all([
      si.currentLoad(),
      si.networkStats('*').catch(() => null),
      si.disksIO().catch(() => null),
      si.fsStats().catch(() => null),
    ]);
    this.prevAt = monotonicMs();
  }

  async sample(): Promise<Sample | null> {
    const now = monotonicMs();
    const intervalMs = Math.max(1, Math.round(now - this.prevAt));
    this.prevAt = now;
    const [load, mem, fsSize, net, io, procs, temp, fsStats] = await Promise.all([
      si.currentLoad(),
      si.mem(),
      si.fsSize().catch(() => []),
      si.networkStats('*').catch(() => []),
      si.disksIO().catch(() => null),
      si.processes().catch(() => null),
      si.cpuTemperature().catch(() => null),
      si.fsStats().catch(() => null),
    ]);
    const [l1, l5, l15] = os.loadavg();
    const p = (v: number | undefined) => round2(clampPct(v ?? 0));
    const ifaces = net
      .filter((n) => n.iface && !/^lo/.test(n.iface))
      .map((n) => ({
        name: n.iface.slice(0, 64),
        rxBps: Math.max(0, n.rx_sec ?? 0),
        txBps: Math.max(0, n.tx_sec ?? 0),
        rxPps: 0,
        txPps: 0,
        rxErrPerSec: 0,
        txErrPerSec: 0,
        rxDropPerSec: 0,
        txDropPerSec: 0,
      }));
    const sum = (k: 'rxBps' | 'txBps') => ifaces.reduce((a, n) => a + n[k], 0);
    const totalMem = mem.total || 1;
    const top = (procs?.list ?? [])
      .sort((a, b) => b.cpu - a.cpu)
      .slice(0, 15)
      .map((pr) => ({
        pid: Math.max(1, pr.pid),
        name: pr.name.slice(0, 256),
        user: (pr.user ?? '').slice(0, 64),
        state: (pr.state ?? '').slice(0, 16),
        cpuPct: p(pr.cpu / Math.max(1, os.cpus().length)),
        rss: Math.max(0, pr.memRss * 1024),
        memPct: p(((pr.memRss * 1024) / totalMem) * 100),
        threads: 0,
        startedAt: Math.max(0, Date.parse(pr.started) || 0),
        command: redactCommandLine(`${pr.command} ${pr.params}`.trim()).slice(0, 200),
      }));
    let ts = Date.now();
    if (ts <= this.lastTs) ts = this.lastTs + 1;
    this.lastTs = ts;
    return {
      ts,
      intervalMs,
      cpu: {
        total: p(load.currentLoad),
        user: p(load.currentLoadUser),
        system: p(load.currentLoadSystem),
        iowait: 0,
        steal: p(load.rawCurrentLoadSteal ? (load.rawCurrentLoadSteal / Math.max(1, load.rawCurrentLoad)) * 100 : 0),
        irq: p(load.currentLoadIrq),
        nice: p(load.currentLoadNice),
        idle: p(load.currentLoadIdle),
        cores: load.cpus.map((c) => p(c.load)),
        load1: l1 ?? 0,
        load5: l5 ?? 0,
        load15: l15 ?? 0,
        ctxtPerSec: 0,
        intrPerSec: 0,
        procsRunning: procs?.running ?? 0,
        procsBlocked: procs?.blocked ?? 0,
      },
      memory: {
        total: mem.total,
        used: Math.max(0, mem.total - mem.available),
        available: mem.available,
        buffers: mem.buffers,
        cached: mem.cached,
        swapTotal: mem.swaptotal,
        swapUsed: mem.swapused,
      },
      filesystems: fsSize
        .filter((f) => f.size > 0)
        .slice(0, 256)
        .map((f) => ({
          mount: (f.mount || f.fs).slice(0, 512) || '?',
          device: (f.fs || '?').slice(0, 512),
          type: (f.type || '?').slice(0, 64),
          size: f.size,
          used: f.used,
          free: f.available,
          usedPct: p(f.used + f.available > 0 ? (f.used / (f.used + f.available)) * 100 : 0),
          inodesUsed: 0,
          inodesTotal: 0,
        })),
      disk: {
        total: {
          readBps: Math.max(0, fsStats?.rx_sec ?? 0),
          writeBps: Math.max(0, fsStats?.wx_sec ?? 0),
          readsPerSec: Math.max(0, io?.rIO_sec ?? 0),
          writesPerSec: Math.max(0, io?.wIO_sec ?? 0),
          busyPct: 0,
        },
        devices: [],
      },
      network: {
        total: { rxBps: sum('rxBps'), txBps: sum('txBps'), rxPps: 0, txPps: 0, rxErrPerSec: 0, txErrPerSec: 0, rxDropPerSec: 0, txDropPerSec: 0 },
        interfaces: ifaces,
      },
      temperatures:
        temp && temp.main !== null && temp.main > -100 && temp.main < 200 ? [{ label: 'cpu', celsius: temp.main }] : [],
      processes: { total: procs?.all ?? 0, running: procs?.running ?? 0, top, ...this.watched(procs?.list) },
    };
  }

  /**
   * `processes.watched` from the full list (name, path and arguments as
   * systeminformation gives them). Left out when the list could not be read:
   * counts of 0 would say the watched processes are gone.
   */
  private watched(list: si.Systeminformation.ProcessesProcessData[] | undefined): { watched?: { pattern: string; count: number }[] } {
    if (this.watch.length === 0 || !list) return {};
    // systeminformation splits `ps`'s command column into path (the directory), command (the program) and params.
    // As on Linux, a zombie is not running, whatever its name.
    const seen = list.filter((pr) => pr.state !== 'zombie').map((pr) => {
      const program = pr.command ?? '';
      const command = redactCommandLine(`${pr.path ? `${pr.path}/` : ''}${program} ${pr.params ?? ''}`.trim());
      return { name: pr.name ?? '', argv0: program.slice(program.lastIndexOf('/') + 1), command };
    });
    return { watched: countWatched(this.watch, seen) };
  }
}

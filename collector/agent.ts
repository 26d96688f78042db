import type { Sample, SystemInfo } from '../lib/wire/contract';
import { Cadence } from './cadence';
import { loadFallback } from './load-fallback';
import type { Logger } from './log';
import { LinuxSampler } from './sampler';
import { Sender } from './sender';
import { Spool } from './spool';
import { WatchList } from './watch-list';
import { genericSystemInfo, linuxSystemInfo, readLinuxInventory } from './system-info';
import { BoundarySchedule } from './sample-schedule';
import { containerReader } from './containers/start';
import { serviceReader } from './services/start';
import { DeviceReader } from './hardware/devices';

export interface SamplerLike {
  prime(): Promise<void>;
  sample(): Promise<Sample | null>;
  /** Process patterns to count in every sample from now on (`processes.watched`); empty: none. */
  setWatch(patterns: readonly string[]): void;
  /** Stops what the sampler keeps open (the container engine's event stream). */
  close?(): void;
  /** Waits, at most `ms`, for the container engine's first answer (`--once`, which has one sample to get right). */
  settle?(ms: number): Promise<void>;
}

/** Without /proc the sampler comes from the fallback bundle, loaded only then. */
export async function makeSampler(
  linux: boolean,
  opts: { netIncludeVirtual: boolean; containerSocket?: string; systemdBus?: string; log: Logger; intervalMs?: number; gpuTool?: string; smart?: boolean },
): Promise<SamplerLike> {
  if (!linux) return new (await loadFallback()).FallbackSampler();
  const containers = containerReader(opts.containerSocket, opts.log);
  const services = serviceReader(opts.systemdBus, opts.log);
  const devices = new DeviceReader({ intervalMs: opts.intervalMs ?? 5000, gpuTool: opts.gpuTool, smart: opts.smart ?? false, log: opts.log });
  devices.start();
  const sampler = new LinuxSampler({
    includeVirtualNet: opts.netIncludeVirtual,
    onHungMount: (mount) => opts.log.warn('filesystem did not answer statfs in time; left out until it does', { mount }),
    containers: containers?.reader,
    services: services?.reader,
    devices,
  });
  return Object.assign(sampler, {
    close: () => {
      containers?.watcher.stop();
      containers?.reader.close();
      services?.watcher?.stop();
      services?.reader?.close();
      void devices.close();
    },
    settle: async (ms: number) => {
      await devices.settle(ms);
      if (!containers && !services?.watcher) return;
      let timer: NodeJS.Timeout | undefined;
      const both = Promise.all([containers?.watcher.settled(), services?.watcher?.settled()]);
      await Promise.race([both, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    },
  });
}

const SYSTEM_RECHECK_MS = 60_000;

export interface AgentOptions {
  url: URL;
  token: string;
  intervalMs: number;
  postIntervalMs: number;
  spoolDir: string;
  spoolMaxBytes: number;
  netIncludeVirtual: boolean;
  containerSocket?: string;
  systemdBus?: string;
  /** nvidia-smi's path or "off" (default: the one on PATH). */
  gpuTool?: string;
  /** Opt-in SMART through smartctl. */
  smart?: boolean;
  log: Logger;
}

/**
 * The daemon on a real machine: sample on the cadence, spool every sample,
 * let the sender drain the spool, re-check the system description each
 * minute and send it again when it changed.
 */
export async function runAgent(o: AgentOptions): Promise<{ stop: () => Promise<void> }> {
  const linux = process.platform === 'linux';
  const spool = Spool.open(o.spoolDir, { maxBytes: o.spoolMaxBytes, log: o.log });
  if (spool.recovered.pending > 0) o.log.info('spool: resuming unsent samples', { pending: spool.recovered.pending });
  const inventory = linux ? readLinuxInventory() : await (await loadFallback()).readFallbackInventory();
  const describe = (): SystemInfo => (linux ? linuxSystemInfo(inventory) : genericSystemInfo(inventory));
  let system = describe();
  let sentSystem = '';
  const cadence = new Cadence({ sampleMs: o.intervalMs, postMs: o.postIntervalMs });
  const sampler = await makeSampler(linux, { netIncludeVirtual: o.netIncludeVirtual, containerSocket: o.containerSocket, systemdBus: o.systemdBus, log: o.log, intervalMs: o.intervalMs, gpuTool: o.gpuTool, smart: o.smart });
  // The patterns of the last run count from the first sample; the priming scan reads their command lines.
  const watch = WatchList.open(o.spoolDir, o.log);
  sampler.setWatch(watch.patterns);
  await sampler.prime();

  let stopping = false;
  let systemCheckedAt = Date.now();
  const sender = new Sender({
    url: o.url,
    token: o.token,
    spool,
    cadence,
    log: o.log,
    pendingSystem: () => (JSON.stringify(system) === sentSystem ? null : system),
    onSystemSent: (s) => {
      sentSystem = JSON.stringify(s);
    },
    onWatch: (patterns) => {
      if (!watch.update(patterns)) return;
      sampler.setWatch(watch.patterns);
      o.log.info('watched process patterns changed', { patterns: watch.patterns.length });
    },
    // A shorter interval should apply now, not after the old one runs out.
    onCadenceChange: () => schedule.reschedule(),
  });

  let sampling: Promise<void> = Promise.resolve();
  const takeSample = async () => {
    try {
      const s = await sampler.sample();
      if (s && !stopping) spool.append(JSON.stringify(s));
      if (Date.now() - systemCheckedAt >= SYSTEM_RECHECK_MS) {
        systemCheckedAt = Date.now();
        system = describe();
      }
    } catch (err) {
      o.log.error('sampling failed', { error: err });
    }
  };
  // Samples on the wall clock's boundaries of the interval, so they neither drift nor differ between hosts.
  const schedule = new BoundarySchedule(
    () => (sampling = takeSample()),
    () => cadence.sampleMs,
  );

  schedule.start();
  sender.start(Math.min(cadence.postMs, cadence.sampleMs + 500));
  o.log.info('collector started', {
    url: o.url.origin,
    intervalMs: o.intervalMs,
    postIntervalMs: o.postIntervalMs,
    spool: o.spoolDir,
    pending: spool.pendingCount,
    watchedPatterns: watch.patterns.length,
  });

  return {
    stop: async () => {
      stopping = true;
      schedule.stop();
      // A sample in progress may be waiting on a slow statfs; do not let it eat the 5 s send budget.
      await Promise.race([sampling, new Promise((r) => setTimeout(r, 1000).unref())]);
      sampler.close?.();
      await sender.flush(5000);
      o.log.info('collector stopped', { unsent: spool.pendingCount });
      spool.close();
    },
  };
}

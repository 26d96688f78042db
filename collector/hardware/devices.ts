import type { Battery, Drive, Fan, Gpu } from '@/lib/wire/hardware';
import type { Logger } from '../log';
import { findOnPath } from '../gpu/find-tool';
import { NvidiaSmi } from '../gpu/nvidia-smi';
import { discoverGpuCards, readGpuCard, type GpuCard } from '../gpu/sysfs-gpus';
import { discoverBatteries, readBatteries } from './batteries';
import { CAP_SYS_ADMIN, CAP_SYS_RAWIO, hasCapability } from './capability';
import { discoverFans, readFans, type FanInput } from './fans';
import { discoverNvme, readNvme, type NvmeInput } from './nvme-sysfs';
import { SmartReader, smartctlRunner, smartDevices } from './smart-reader';

/** Cards, fans, batteries and NVMe controllers rarely change: found again on this period, read every sample. */
const REDISCOVER_MS = 5 * 60_000;

export interface DeviceSample {
  gpus?: Gpu[];
  drives?: Drive[];
  fans?: Fan[];
  batteries?: Battery[];
}

export interface DeviceReaderOptions {
  sysRoot?: string;
  intervalMs: number;
  /** nvidia-smi's path, "off", or undefined: the one on PATH if any. */
  gpuTool?: string;
  /** Opt-in SMART through smartctl (needs root or CAP_SYS_RAWIO/CAP_SYS_ADMIN). */
  smart: boolean;
  log: Logger;
  pathEnv?: string;
  clock?: () => number;
  /** nvidia-smi's restart backoff (tests make it short). */
  restartDelayMs?: (attempt: number) => number;
}

/**
 * The host's devices for the sampler: GPUs (nvidia-smi's stream, AMD and
 * Intel sysfs), drive health (NVMe sysfs, SMART answers from outside the
 * loop), fans and batteries. `sample()` reads files and the latest parsed
 * lines only; a family the host lacks is absent from the sample.
 */
export class DeviceReader {
  private cards: GpuCard[] = [];
  private fans: FanInput[] = [];
  private batteries: string[] = [];
  private nvme: NvmeInput[] = [];
  private discoveredAt = -Infinity;
  private readonly sys: string;
  private readonly clock: () => number;
  readonly nvidia: NvidiaSmi | null;
  readonly smart: SmartReader | null;

  constructor(private readonly opts: DeviceReaderOptions) {
    this.sys = opts.sysRoot ?? '/sys';
    this.clock = opts.clock ?? (() => performance.now());
    const log = opts.log.child({ part: 'devices' });
    const tool = opts.gpuTool === 'off' ? null : (opts.gpuTool ?? findOnPath('nvidia-smi', opts.pathEnv));
    this.nvidia = tool ? new NvidiaSmi({ command: tool, intervalMs: opts.intervalMs, log, clock: this.clock, restartDelayMs: opts.restartDelayMs }) : null;
    this.smart = opts.smart ? smartReader(this.sys, opts.pathEnv, log) : null;
  }

  start(): void {
    this.nvidia?.start();
    this.smart?.start();
  }

  /** Waits, at most `ms`, for nvidia-smi's first line (`--once`). */
  async settle(ms: number): Promise<void> {
    if (!this.nvidia) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.nvidia.nextLine(), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Long-lived children now running: 1 while nvidia-smi streams, else 0. */
  get children(): number {
    return this.nvidia?.pid ? 1 : 0;
  }

  sample(): DeviceSample {
    const now = this.clock();
    if (now - this.discoveredAt >= REDISCOVER_MS) {
      this.discoveredAt = now;
      this.cards = discoverGpuCards(this.sys);
      this.fans = discoverFans(this.sys);
      this.batteries = discoverBatteries(this.sys);
      this.nvme = discoverNvme(this.sys);
    }
    const gpus = [...(this.nvidia?.gpus() ?? []), ...this.cards.map(readGpuCard)];
    // SMART's answer for a drive replaces sysfs's, keeping sysfs's fresher temperature when smartctl is half an hour old.
    const byDevice = new Map<string, Drive>(readNvme(this.nvme).map((d) => [d.device, d]));
    for (const d of this.smart?.drives() ?? []) {
      const sys = byDevice.get(d.device);
      byDevice.set(d.device, sys?.celsius !== undefined ? { ...d, model: d.model || sys.model, celsius: sys.celsius } : d);
    }
    const drives = [...byDevice.values()];
    const fans = readFans(this.fans);
    const batteries = readBatteries(this.batteries);
    return {
      ...(gpus.length > 0 ? { gpus } : {}),
      ...(drives.length > 0 ? { drives } : {}),
      ...(fans.length > 0 ? { fans } : {}),
      ...(batteries.length > 0 ? { batteries } : {}),
    };
  }

  close(): Promise<void> {
    this.smart?.stop();
    return this.nvidia?.stop() ?? Promise.resolve();
  }
}

function smartReader(sys: string, pathEnv: string | undefined, log: Logger): SmartReader | null {
  const tool = findOnPath('smartctl', pathEnv);
  if (!tool) {
    log.warn('SMART is on but smartctl is not on PATH; drive health comes from sysfs only');
    return null;
  }
  if (!hasCapability(CAP_SYS_RAWIO) && !hasCapability(CAP_SYS_ADMIN)) {
    log.warn('SMART is on but the collector lacks CAP_SYS_RAWIO (SATA) and CAP_SYS_ADMIN (NVMe); run it as root or grant them');
    return null;
  }
  return new SmartReader({ run: smartctlRunner(tool), devices: () => smartDevices(sys), log });
}

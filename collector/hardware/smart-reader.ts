import { execFile } from 'node:child_process';
import type { Drive } from '@/lib/wire/hardware';
import { MAX_DRIVES } from '@/lib/wire/limits';
import type { Logger } from '../log';
import { listDir } from '../proc/read';
import { parseSmartctl } from './smart-parse';

/**
 * SMART through smartctl — the second documented exception to "no children",
 * and never in the sampling loop: a timer outside it runs
 * `smartctl -j -i -H -A /dev/<disk>` for one disk at a time, each disk at most
 * once per `periodMs` (30 min by default, the floor), with a 20 s timeout and
 * a 1 MB output bound. The sampler only reads the last answers (`drives()`).
 * Cost: one short-lived child per disk per half hour (smartctl takes tens of
 * milliseconds; it wakes a sleeping ATA disk only if asked to — `-n standby`
 * keeps it asleep, so a spun-down disk is skipped until it spins up).
 * Opt-in (`--smart`), and only when smartctl is on PATH and the collector has
 * the capability (the caller checks).
 */

export const SMART_MIN_PERIOD_MS = 30 * 60_000;
const RUN_TIMEOUT_MS = 20_000;
const MAX_OUTPUT = 1024 * 1024;

/** Runs smartctl for one device and resolves with its stdout (smartctl's exit code is a bit mask; its JSON is read whatever it is). */
export type SmartRunner = (device: string) => Promise<string>;

export function smartctlRunner(command: string): SmartRunner {
  return (device) =>
    new Promise((resolve) => {
      execFile(command, ['-j', '-n', 'standby', '-i', '-H', '-A', `/dev/${device}`], { timeout: RUN_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (_err, stdout) => resolve(stdout ?? ''));
    });
}

/** Disks SMART can talk to: SATA/SAS (`sd*`) and NVMe namespaces; virtio, loop, dm and friends have no SMART. */
export function smartDevices(sysRoot = '/sys'): string[] {
  return listDir(`${sysRoot}/block`)
    .filter((d) => /^(sd[a-z]{1,3}|nvme\d+n\d+)$/.test(d))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .slice(0, MAX_DRIVES);
}

export interface SmartReaderOptions {
  run: SmartRunner;
  devices: () => string[];
  log: Logger;
  periodMs?: number;
  /** Wall-clock ms for checkedAt (tests). */
  now?: () => number;
}

export class SmartReader {
  private readonly results = new Map<string, Drive>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly periodMs: number;

  constructor(private readonly opts: SmartReaderOptions) {
    this.periodMs = Math.max(SMART_MIN_PERIOD_MS, opts.periodMs ?? SMART_MIN_PERIOD_MS);
  }

  /** Reads every disk now (one at a time), then again every period. */
  start(firstDelayMs = 5_000): void {
    const tick = () => {
      void this.readAll().finally(() => {
        this.timer = setTimeout(tick, this.periodMs);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(tick, firstDelayMs);
    this.timer.unref();
  }

  /** One pass over the disks; a pass already under way is joined, not doubled. */
  readAll(): Promise<void> {
    this.running ??= (async () => {
      const now = this.opts.now ?? Date.now;
      const devices = this.opts.devices();
      for (const device of devices) {
        const drive = parseSmartctl(device, await this.opts.run(device), Math.round(now()));
        // A disk in standby answers without data; its last reading stands.
        if (drive && (drive.health !== 'unknown' || drive.celsius !== undefined)) this.results.set(device, drive);
        else if (!drive) this.opts.log.debug('smartctl gave no JSON', { device });
      }
      for (const d of [...this.results.keys()]) if (!devices.includes(d)) this.results.delete(d);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  drives(): Drive[] {
    return [...this.results.values()];
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

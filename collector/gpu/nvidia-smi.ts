import { spawn, type ChildProcess } from 'node:child_process';
import { backoffMs } from '../backoff';
import type { Logger } from '../log';
import type { Gpu } from '@/lib/wire/hardware';
import { MAX_LINE, nvidiaSmiArgs, parseNvidiaLine } from './nvidia-csv';
import { MAX_GPUS } from '@/lib/wire/limits';

export interface NvidiaSmiOptions {
  /** The nvidia-smi executable (found on PATH by the caller). */
  command: string;
  intervalMs: number;
  log: Logger;
  /** Monotonic ms (tests). */
  clock?: () => number;
  /** Delay before restart number `attempt` (tests make it short); default: the sender's backoff, 1 s doubling to 5 min. */
  restartDelayMs?: (attempt: number) => number;
}

/**
 * The one long-lived child the collector keeps (the documented exception to
 * "no children"): `nvidia-smi --query-gpu=… -lms <interval>`, which prints a
 * CSV line per GPU every interval for as long as it lives. The sampler takes
 * the latest parsed line of each GPU; nothing forks per sample. When the child
 * dies it is started again after a backoff, reset once it prints again. A line
 * older than three intervals is stale (the child hangs or is gone) and left out.
 * If the collector itself dies, the child's next write meets a closed pipe and
 * it ends too (SIGPIPE).
 */
export class NvidiaSmi {
  private child: ChildProcess | null = null;
  private readonly latest = new Map<string, { gpu: Gpu; at: number }>();
  private partial = '';
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly clock: () => number;
  private readonly delay: (attempt: number) => number;
  /** How many times a child was started (the first start included). */
  starts = 0;
  private readonly lineWaiters: (() => void)[] = [];

  constructor(private readonly opts: NvidiaSmiOptions) {
    this.clock = opts.clock ?? (() => performance.now());
    this.delay = opts.restartDelayMs ?? ((a) => backoffMs(a));
  }

  start(): void {
    if (this.stopped || this.child) return;
    this.starts++;
    const child = spawn(this.opts.command, nvidiaSmiArgs(this.opts.intervalMs), { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child = child;
    this.partial = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.onData(chunk));
    let ended = false;
    const ended_ = (why: string) => {
      if (ended) return;
      ended = true;
      if (this.child === child) this.child = null;
      if (this.stopped) return;
      const wait = this.delay(this.attempt++);
      this.opts.log.warn('nvidia-smi ended; starting it again', { why, retryInMs: wait });
      this.timer = setTimeout(() => {
        this.timer = null;
        this.start();
      }, wait);
      this.timer.unref();
    };
    child.on('error', (err) => ended_(err.message));
    child.on('exit', (code, signal) => ended_(signal ? `signal ${signal}` : `exit code ${code}`));
  }

  private onData(chunk: string): void {
    this.partial += chunk;
    // A child printing something that is not lines of ours must not grow the buffer.
    if (this.partial.length > 16 * MAX_LINE && !this.partial.includes('\n')) this.partial = '';
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl).replace(/\r$/, '');
      this.partial = this.partial.slice(nl + 1);
      const gpu = parseNvidiaLine(line);
      if (!gpu) continue;
      if (!this.latest.has(gpu.id) && this.latest.size >= MAX_GPUS) continue;
      this.latest.set(gpu.id, { gpu, at: this.clock() });
      this.attempt = 0;
      for (const w of this.lineWaiters.splice(0)) w();
    }
  }

  /** The child's pid while one runs (tests, the bench). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Resolves at the next parsed line (`--once` waits for the first; tests wait for a restart's). */
  nextLine(): Promise<void> {
    return new Promise((r) => this.lineWaiters.push(r));
  }

  /** The latest line of each GPU, fresh ones only, in index order. */
  gpus(): Gpu[] {
    const now = this.clock();
    const maxAge = Math.max(3 * this.opts.intervalMs, 5000);
    return [...this.latest.values()]
      .filter((e) => now - e.at <= maxAge)
      .map((e) => e.gpu)
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  /** Stops the child for good; resolves once it has exited. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    return exited;
  }
}

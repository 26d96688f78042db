/**
 * A bounded queue that sends its items in batches, one request at a time,
 * retrying with exponential backoff. Pure apart from timers (setTimeout,
 * which tests fake). Full means full: what does not fit is dropped at once
 * and counted, so a receiver that is down costs memory up to the bound and
 * never time on the path that pushes. Items keep their order; a batch leaves
 * the queue only when sent or refused for good.
 */

export type SendVerdict =
  | { kind: 'ok' }
  /** 5xx, 429 or no answer: the same batch again after a backoff (or the receiver's Retry-After, if longer). */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** Any other refusal: sending it again cannot help. */
  | { kind: 'reject'; error: string };

export interface SendQueueOptions<T> {
  capacity: number;
  batchSize: number;
  /** How long a partial batch waits for more before it goes. */
  flushDelayMs: number;
  send: (batch: T[]) => Promise<SendVerdict>;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** 0..1; the backoff is scaled to between half and all of its value, so instances do not retry in step. */
  random?: () => number;
  onSent?: (count: number) => void;
  onDropped?: (count: number) => void;
  onRejected?: (count: number, error: string) => void;
  onRetry?: (error: string, delayMs: number) => void;
}

export class SendQueue<T> {
  private items: T[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sending = false;
  private failures = 0;

  constructor(private readonly options: SendQueueOptions<T>) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get capacity(): number {
    return this.options.capacity;
  }

  /** Takes what fits, drops the rest (the newest: the queued ones are older, and receivers want time order); returns how many were dropped. */
  push(items: readonly T[]): number {
    const room = Math.max(0, this.options.capacity - this.size);
    const taken = Math.min(room, items.length);
    for (let i = 0; i < taken; i++) this.items.push(items[i]!);
    const dropped = items.length - taken;
    if (dropped > 0) this.options.onDropped?.(dropped);
    if (taken > 0) this.schedule();
    return dropped;
  }

  /** Counts items dropped before they reached the queue (the caller could not even make them). */
  drop(count: number): void {
    if (count > 0) this.options.onDropped?.(count);
  }

  /** The backoff after `failures` failed sends in a row (1, 2, ...), before jitter. */
  backoffMs(failures: number): number {
    const base = this.options.backoffBaseMs ?? 500;
    return Math.min(this.options.backoffMaxMs ?? 30_000, base * 2 ** (failures - 1));
  }

  private schedule(delayMs?: number): void {
    if (this.sending || this.timer !== null || this.size === 0) return;
    const delay = delayMs ?? (this.size >= this.options.batchSize ? 0 : this.options.flushDelayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
    // A queue must never keep a process alive on its own (tests, a server shutting down).
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async flush(): Promise<void> {
    if (this.sending || this.size === 0) return;
    this.sending = true;
    const batch = this.items.slice(this.head, this.head + this.options.batchSize);
    let verdict: SendVerdict;
    try {
      verdict = await this.options.send(batch);
    } catch (err) {
      verdict = { kind: 'retry', error: (err as Error).message };
    }
    this.sending = false;
    if (verdict.kind === 'retry') {
      this.failures++;
      const jitter = 0.5 + 0.5 * (this.options.random ?? Math.random)();
      const delay = Math.min(this.options.backoffMaxMs ?? 30_000, Math.max(this.backoffMs(this.failures) * jitter, verdict.retryAfterMs ?? 0));
      this.options.onRetry?.(verdict.error, delay);
      this.schedule(delay);
      return;
    }
    this.failures = 0;
    this.head += batch.length;
    // Compact now and then, so the array does not grow forever behind the head.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (verdict.kind === 'ok') this.options.onSent?.(batch.length);
    else this.options.onRejected?.(batch.length, verdict.error);
    this.schedule();
  }
}

import 'server-only';
import { HttpError } from '@/lib/http/http-error';

/**
 * Password hashing, one at a time and paced. Each scrypt takes 16 MB and
 * ~50–100 ms of a libuv pool thread, the pool that ingest's gunzip and the
 * SQLite WAL's fdatasync share; unthrottled, 22 sign-in attempts a second
 * raised ingest's median from 11 to 445 ms. So this process runs at most one
 * hash at a time, starts one at most every HASH_SPACING_MS (so a flood gets
 * at most a fraction of one core), and lets HASH_QUEUE_MAX wait; one more is
 * refused at once with 429 and Retry-After, before any work.
 *
 * A person signing in waits a few hundred milliseconds at worst; a flood
 * gets 429s, which cost no hashing. The queue is per process (the pool is
 * too) and lives on globalThis, since Next bundles this module per route.
 */
export const HASH_CONCURRENCY = 1;
export const HASH_SPACING_MS = 200;
export const HASH_QUEUE_MAX = 8;

export const HASH_BUSY_CODE = 'password_check_busy';

interface GateState {
  running: number;
  lastStart: number;
  queue: (() => void)[];
  timer: ReturnType<typeof setTimeout> | null;
}

const STATE = Symbol.for('hostwatch.hash-gate');

function gate(): GateState {
  const g = globalThis as { [STATE]?: GateState };
  return (g[STATE] ??= { running: 0, lastStart: -Infinity, queue: [], timer: null });
}

/** Seconds until a refused caller could expect a place: the queue drains one per spacing. */
function retryAfterSeconds(state: GateState): number {
  return Math.max(1, Math.ceil(((state.queue.length + state.running) * HASH_SPACING_MS) / 1000));
}

export function passwordCheckBusy(retryAfter: number): HttpError {
  return new HttpError(429, HASH_BUSY_CODE, 'The server is busy checking other passwords; try again in a moment.', undefined, {
    'Retry-After': String(retryAfter),
  });
}

/** Whether one more hash would be refused now (checked before sign-in limits are counted). */
export function hashQueueFull(): boolean {
  return gate().queue.length >= HASH_QUEUE_MAX;
}

function pump(state: GateState): void {
  if (state.timer || state.running >= HASH_CONCURRENCY || state.queue.length === 0) return;
  const wait = state.lastStart + HASH_SPACING_MS - performance.now();
  if (wait > 0) {
    state.timer = setTimeout(() => {
      state.timer = null;
      pump(state);
    }, wait);
    // A waiting hash must not keep a stopping process alive.
    state.timer.unref?.();
    return;
  }
  state.running++;
  state.lastStart = performance.now();
  state.queue.shift()!();
}

/**
 * Runs one hash when its turn comes. `refuseWhenFull` (sign-in, which anyone may attempt): a full queue throws
 * a 429 HttpError (HASH_BUSY_CODE) instead of waiting. Others (an admin creating a user, the first admin at
 * start) are few and already authorized, so they wait their turn however long the queue.
 */
export async function withHashSlot<T>(work: () => Promise<T>, opts: { refuseWhenFull?: boolean } = {}): Promise<T> {
  const state = gate();
  if (opts.refuseWhenFull && state.queue.length >= HASH_QUEUE_MAX) throw passwordCheckBusy(retryAfterSeconds(state));
  await new Promise<void>((resolve) => {
    state.queue.push(resolve);
    pump(state);
  });
  try {
    return await work();
  } finally {
    state.running--;
    pump(state);
  }
}

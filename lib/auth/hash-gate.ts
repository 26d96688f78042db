import 'server-only';
import { HttpError } from '@/lib/http/http-error';

/**
 * Password hashing, one at a time and with rests in between. Each scrypt
 * takes 16 MB and tens of milliseconds of a CPU; unthrottled, 22 sign-in
 * attempts a second raised ingest's median from 11 to 445 ms. Moving it off
 * libuv's pool to a low-priority thread (hash-worker.ts) is not enough: a
 * memory-hard hash slows whatever shares the machine's caches, whatever its
 * priority (bench/login-flood.ts: hashing a fifth of the time still raised
 * ingest's median by 20–35 % on 2 busy cores; the same flood without the
 * scrypt work, by nothing). So the queue bounds the time spent hashing:
 * after a hash that took d ms the next starts no sooner than
 * HASH_REST_FACTOR × d later, and at least HASH_MIN_GAP_MS later — hashing
 * at most a tenth of the time, however busy the machine (a slow hash earns a
 * longer rest): about 2–4 password checks a second per process.
 * HASH_QUEUE_MAX wait; one more sign-in is refused at once with 429 and
 * Retry-After, before any work.
 *
 * A person signing in waits two or three seconds at worst (a known device
 * goes first, sign-in.ts); a flood gets 429s, which cost no hashing. The
 * queue is per process (the CPU is too) and lives on globalThis, since Next
 * bundles this module per route.
 */
export const HASH_CONCURRENCY = 1;
export const HASH_REST_FACTOR = 9;
export const HASH_MIN_GAP_MS = 250;
export const HASH_QUEUE_MAX = 4;

export const HASH_BUSY_CODE = 'password_check_busy';

interface GateState {
  running: number;
  /** performance.now() before which the next hash may not start (the rest after the last one). */
  notBefore: number;
  /** How long the last hash took, for Retry-After. */
  lastMs: number;
  queue: (() => void)[];
  timer: ReturnType<typeof setTimeout> | null;
}

const STATE = Symbol.for('hostwatch.hash-gate');

function gate(): GateState {
  const g = globalThis as { [STATE]?: GateState };
  return (g[STATE] ??= { running: 0, notBefore: 0, lastMs: 0, queue: [], timer: null });
}

/** Seconds until a refused caller could expect a place: each queued hash takes its time plus its rest. */
function retryAfterSeconds(state: GateState): number {
  const perHash = Math.max(HASH_MIN_GAP_MS, state.lastMs * (1 + HASH_REST_FACTOR));
  return Math.max(1, Math.ceil(((state.queue.length + state.running) * perHash) / 1000));
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
  const wait = state.notBefore - performance.now();
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
  state.queue.shift()!();
}

/**
 * Runs one hash when its turn comes. `refuseWhenFull` (sign-in, which anyone may attempt): a full queue throws
 * a 429 HttpError (HASH_BUSY_CODE) instead of waiting. Others (an admin creating a user, the first admin at
 * start) are few and already authorized, so they wait their turn however long the queue. `first`: a known
 * device's sign-in goes to the front, so a flood from elsewhere delays its owner by one hash at most.
 */
export async function withHashSlot<T>(work: () => Promise<T>, opts: { refuseWhenFull?: boolean; first?: boolean } = {}): Promise<T> {
  const state = gate();
  if (opts.refuseWhenFull && state.queue.length >= HASH_QUEUE_MAX) throw passwordCheckBusy(retryAfterSeconds(state));
  await new Promise<void>((resolve) => {
    if (opts.first) state.queue.unshift(resolve);
    else state.queue.push(resolve);
    pump(state);
  });
  const started = performance.now();
  try {
    return await work();
  } finally {
    const ended = performance.now();
    state.lastMs = ended - started;
    state.notBefore = ended + Math.max(HASH_MIN_GAP_MS, state.lastMs * HASH_REST_FACTOR);
    state.running--;
    pump(state);
  }
}

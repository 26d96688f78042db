import 'server-only';
import { Worker } from 'node:worker_threads';

/**
 * scrypt off the server's own threads. The async `crypto.scrypt` runs on
 * libuv's pool, which ingest's gunzip and the WAL's fdatasync share, at the
 * same CPU priority as the event loop. Here one worker thread runs
 * `scryptSync` on its own thread, after lowering that thread's priority to
 * the lowest (on Linux `setpriority` on the calling thread changes only that
 * thread): when the machine is busy the kernel runs ingest first and the
 * hash waits; when it is idle the hash uses what is free.
 *
 * One worker per process, made on first use from inline code (no file for
 * bundlers to miss), never keeping the process alive, replaced if it dies.
 * Callers are serialized by hash-gate.ts, so it has one job at a time.
 */
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
try { require('node:os').setPriority(19); } catch {}
parentPort.on('message', ({ id, password, salt, keyLength, params }) => {
  try {
    const key = scryptSync(password, Buffer.from(salt), keyLength, params);
    parentPort.postMessage({ id, key });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

type Pending = { resolve: (key: Buffer) => void; reject: (err: Error) => void };

interface WorkerState {
  worker: Worker | null;
  nextId: number;
  pending: Map<number, Pending>;
}

const STATE = Symbol.for('hostwatch.hash-worker');

function state(): WorkerState {
  const g = globalThis as { [STATE]?: WorkerState };
  return (g[STATE] ??= { worker: null, nextId: 1, pending: new Map() });
}

function failAll(s: WorkerState, err: Error): void {
  for (const p of s.pending.values()) p.reject(err);
  s.pending.clear();
}

function worker(s: WorkerState): Worker {
  if (s.worker) return s.worker;
  const w = new Worker(WORKER_CODE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 32 } });
  w.unref();
  w.on('message', (msg: { id: number; key?: Uint8Array; error?: string }) => {
    const p = s.pending.get(msg.id);
    if (!p) return;
    s.pending.delete(msg.id);
    if (msg.key) p.resolve(Buffer.from(msg.key));
    else p.reject(new Error(`password hashing failed: ${msg.error ?? 'unknown error'}`));
  });
  const retire = (err: Error) => {
    if (s.worker === w) s.worker = null;
    failAll(s, err);
  };
  w.on('error', (err) => retire(err));
  w.on('exit', (code) => retire(new Error(`the password hashing worker stopped (exit code ${code})`)));
  s.worker = w;
  return w;
}

/** scrypt of an already normalized password, on the low-priority worker thread. */
export function scryptInWorker(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const s = state();
  const id = s.nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    s.pending.set(id, { resolve, reject });
    worker(s).postMessage({ id, password, salt: new Uint8Array(salt), keyLength, params });
  });
}

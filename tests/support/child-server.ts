import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * What the test servers (redis-server, next start) share: waiting until a
 * freshly spawned child answers, killing it and waiting for the exit, and
 * launching it again the same way after a kill.
 */

/** Sends `signal` and resolves once the child has exited; at once if it already has. */
export async function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * Polls `ready` every `intervalMs` until it answers true. Rejects with
 * `exited(code)` when the child exits first, and with `timedOut()` once
 * `timeoutMs` has passed.
 */
export async function waitUntilReady(
  child: ChildProcess,
  opts: { ready: () => Promise<boolean>; intervalMs: number; timeoutMs: number; exited: (code: number) => Error; timedOut: () => Error },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw opts.exited(child.exitCode);
    if (await opts.ready()) return;
    if (Date.now() > deadline) throw opts.timedOut();
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
}

/** Whether something accepts TCP connections on the loopback port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.end();
      resolve(true);
    });
    sock.once('error', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

/** A child that can be killed and launched again the same way; `process` is always the current one. */
export interface Relaunchable {
  readonly process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export async function relaunchable(launch: () => Promise<ChildProcess>): Promise<Relaunchable> {
  let child = await launch();
  return {
    get process() {
      return child;
    },
    kill: (signal) => killChild(child, signal),
    async restart() {
      child = await launch();
    },
  };
}

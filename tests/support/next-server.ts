import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { staleBuildReason } from './build-freshness';
import { relaunchable, waitUntilReady } from './child-server';
import { freePort } from './redis-server';

/**
 * A real production server (`next start` on the `next build` output) on a
 * free loopback port, with its own data directory unless the caller passes
 * store settings. Used by integration tests and by bench/ scripts.
 */
export interface NextServer {
  url: string;
  port: number;
  dataDir: string;
  readonly process: ChildProcess;
  /** Everything the server printed, for assertions and for failure messages. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same port, data and environment (after kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');
/** Why the build does not show the code ('' when it does), once known. */
let stale: string | undefined;

/**
 * `next start` on the build, on a loopback port, its output passed to `onOutput`. With `fromDir` it is
 * started from that directory and given the project's as an argument, as a service manager might.
 */
function spawnNextStart(port: number, env: NodeJS.ProcessEnv, onOutput: (text: string) => void, fromDir?: string): ChildProcess {
  const args = [path.join(root, 'node_modules/next/dist/bin/next'), 'start', ...(fromDir ? [root] : []), '-H', '127.0.0.1', '-p', String(port)];
  const child = spawn(process.execPath, args, {
    cwd: fromDir ?? root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => onOutput(String(d)));
  child.stderr!.on('data', (d) => onOutput(String(d)));
  return child;
}

/** Any answer from the health route means the server is up (a store outage answers 503). */
async function answersHealth(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

export async function startNextServer(env: Record<string, string> = {}, opts: { timeoutMs?: number; fromDir?: string } = {}): Promise<NextServer> {
  // Checked once per test process: a suite run after an edit without a build would test the old code.
  stale ??= staleBuildReason() ?? '';
  if (stale) throw new Error(`${stale}: run \`npm run build\` before the integration tests (README line B does)`);
  const port = await freePort();
  const dataDir = env.HOSTWATCH_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'hostwatch-data-'));
  const ownDataDir = env.HOSTWATCH_DATA_DIR === undefined;
  let log = '';
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXTAUTH_SECRET: 'integration-secret-long-enough-0123456789abcdef',
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    HOSTWATCH_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: '1',
    // The tests act as the proxy in front: each client names its address in X-Forwarded-For, so one suite's
    // sign-ins never count against another's limits. Tests of the default (no proxy trusted) pass ''.
    HOSTWATCH_TRUSTED_PROXIES: '127.0.0.1',
    ...env,
  };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const launch = async () => {
    const child = spawnNextStart(port, fullEnv, (text) => (log += text), opts.fromDir);
    try {
      await waitUntilReady(child, {
        ready: () => answersHealth(port),
        intervalMs: 100,
        timeoutMs,
        exited: (code) => new Error(`next start exited with code ${code}:\n${log}`),
        timedOut: () => new Error(`next start did not answer within ${timeoutMs} ms:\n${log}`),
      });
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    return child;
  };
  const child = await relaunchable(launch);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    get process() {
      return child.process;
    },
    output: () => log,
    kill: child.kill,
    restart: child.restart,
    async stop() {
      await child.kill('SIGTERM');
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `next start` expecting it to refuse to start; resolves with its exit code and output. */
export async function expectStartFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  let output = '';
  const child = spawnNextStart(port, { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, (text) => (output += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

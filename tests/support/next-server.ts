import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  process: ChildProcess;
  /** Everything the server printed, for assertions and for failure messages. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same port, data and environment (after kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

export async function startNextServer(env: Record<string, string> = {}, opts: { timeoutMs?: number } = {}): Promise<NextServer> {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error('no production build: run `npm run build` before the integration tests (README line B does)');
  }
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
    ...env,
  };
  const launch = async () => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
      cwd: root,
      env: fullEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}:\n${log}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        await res.body?.cancel();
        return child;
      } catch {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`next start did not answer within ${opts.timeoutMs ?? 30_000} ms:\n${log}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const server: NextServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    process: await launch(),
    output: () => log,
    async kill(signal = 'SIGKILL') {
      const child = server.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
    async restart() {
      server.process = await launch();
    },
    async stop() {
      await server.kill('SIGTERM');
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Runs `next start` expecting it to refuse to start; resolves with its exit code and output. */
export async function expectStartFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

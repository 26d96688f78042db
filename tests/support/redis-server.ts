import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { portAccepts, relaunchable, waitUntilReady } from './child-server';

/**
 * A private redis-server for tests: a free loopback port, its own temporary
 * directory, stopped (and the directory removed) by `stop()`. Nothing depends
 * on a Redis that happens to be running on the machine.
 */
export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  readonly process: ChildProcess;
  /** SIGKILL or SIGTERM the server; the directory stays so it can be restarted on the same data. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same port and directory (after kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const redisServerBinary = process.env.HOSTWATCH_REDIS_SERVER ?? 'redis-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(opts: { appendonly?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-redis-'));
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', opts.appendonly ? 'yes' : 'no',
    '--appendfsync', 'always',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
  ];
  const launch = async () => {
    const child = spawn(redisServerBinary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'ENOENT'
            ? new Error('redis-server is not installed: apt-get install redis-server (README line B does this)')
            : err,
        ),
      );
      child.once('spawn', resolve);
    });
    const timeoutMs = 10_000;
    await waitUntilReady(child, {
      ready: () => portAccepts(port),
      intervalMs: 50,
      timeoutMs,
      exited: (code) => new Error(`redis-server exited with code ${code}`),
      timedOut: () => new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`),
    });
    return child;
  };
  const child = await relaunchable(launch);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get process() {
      return child.process;
    },
    kill: child.kill,
    restart: child.restart,
    async stop() {
      await child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

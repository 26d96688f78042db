import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { killChild, portAccepts, waitUntilReady } from './child-server';
import { freePort, redisServerBinary } from './redis-server';

const run = promisify(execFile);

/**
 * A private three-master Redis Cluster for tests: three redis-server processes in cluster mode on free
 * loopback ports (each with its own cluster-bus port and directory under one temporary directory), the
 * 16384 slots split between them by `redis-cli --cluster create`, ready once every node reports
 * `cluster_state:ok` and agrees on the slots. `stop()` ends them and removes the directory.
 */
export interface RedisCluster {
  /** The nodes' URLs, for HOSTWATCH_REDIS_CLUSTER's REDIS_URL (comma-separated). */
  urls: string[];
  ports: number[];
  dir: string;
  stop(): Promise<void>;
}

export const redisCliBinary = process.env.HOSTWATCH_REDIS_CLI ?? 'redis-cli';

const MASTERS = 3;
const TIMEOUT_MS = 20_000;

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-redis-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => killChild(c, 'SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < MASTERS; i++) {
      const port = await freePort();
      // The bus port is a free port of its own: port + 10000 may be taken or out of range.
      let busPort = await freePort();
      while (busPort === port || ports.includes(busPort)) busPort = await freePort();
      ports.push(port);
      const nodeDir = path.join(dir, `node-${i}`);
      mkdirSync(nodeDir);
      const child = spawn(
        redisServerBinary,
        [
          '--port', String(port),
          '--cluster-port', String(busPort),
          '--bind', '127.0.0.1',
          '--dir', nodeDir,
          '--cluster-enabled', 'yes',
          '--cluster-config-file', path.join(nodeDir, 'nodes.conf'),
          '--cluster-node-timeout', '5000',
          '--save', '',
          '--appendonly', 'no',
          '--daemonize', 'no',
          '--protected-mode', 'yes',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('error', (err: NodeJS.ErrnoException) =>
          reject(err.code === 'ENOENT' ? new Error('redis-server is not installed: apt-get install redis-server (README line B does this)') : err),
        );
        child.once('spawn', resolve);
      });
      await waitUntilReady(child, {
        ready: () => portAccepts(port),
        intervalMs: 50,
        timeoutMs: TIMEOUT_MS,
        exited: (code) => new Error(`redis-server (cluster node ${i}) exited with code ${code}`),
        timedOut: () => new Error(`redis-server (cluster node ${i}) did not listen on ${port} within ${TIMEOUT_MS} ms`),
      });
    }
    try {
      await run(redisCliBinary, ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: TIMEOUT_MS });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('redis-cli is not installed: apt-get install redis-tools (README line B does this)');
      throw new Error(`redis-cli --cluster create failed: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
    }
    await waitUntilReady(children[0]!, {
      ready: () => clusterReady(ports),
      intervalMs: 100,
      timeoutMs: TIMEOUT_MS,
      exited: (code) => new Error(`redis-server (cluster node 0) exited with code ${code}`),
      timedOut: () => new Error(`the Redis Cluster on ${ports.join(', ')} did not reach cluster_state:ok within ${TIMEOUT_MS} ms`),
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls: ports.map((p) => `redis://127.0.0.1:${p}`), ports, dir, stop };
}

/** Every node says the cluster is ok and sees all three masters with slots. */
async function clusterReady(ports: number[]): Promise<boolean> {
  for (const port of ports) {
    const node = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    node.on('error', () => {});
    try {
      await node.connect();
      const info = (await node.call('CLUSTER', 'INFO')) as string;
      if (!/cluster_state:ok/.test(info) || !new RegExp(`cluster_known_nodes:${ports.length}\\b`).test(info)) return false;
      const shards = (await node.call('CLUSTER', 'SLOTS')) as unknown[];
      const owners = new Set(shards.map((s) => String((s as unknown[][])[2]?.[1])));
      if (owners.size !== ports.length) return false;
    } catch {
      return false;
    } finally {
      node.disconnect();
    }
  }
  return true;
}

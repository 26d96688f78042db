import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killChild, waitUntilReady } from './child-server';
import { freePort } from './redis-server';

/**
 * The standalone build (`npm run build:standalone`) run the way a serverless
 * platform runs it: only the traced files, copied out of the checkout into a
 * directory the server process cannot write, started with `node server.js`.
 *
 * Read-only is enforced, not assumed: as root (CI), the copy stays root's and
 * the server runs as `nobody`, whom the mode bits bind; as anyone else the
 * copy loses its write bits, which bind its owner.
 */
const root = path.resolve(import.meta.dirname, '../..');
export const STANDALONE_DIR = path.join(root, '.next-standalone', 'standalone');
const NOBODY = 65_534;

export interface StandaloneServer {
  url: string;
  /** The read-only copy the server runs from. */
  appDir: string;
  /** The uid the server runs as (its writes are refused in appDir). */
  uid: number;
  output(): string;
  stop(): Promise<void>;
}

export function requireStandaloneBuild(): void {
  if (!existsSync(path.join(STANDALONE_DIR, 'server.js'))) {
    throw new Error('no standalone build: run `npm run build:standalone` before the integration tests (README line B does)');
  }
}

function readOnlyTree(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const st = statSync(full);
    if (st.isDirectory()) readOnlyTree(full);
    chmodSync(full, st.isDirectory() ? 0o555 : st.mode & 0o555);
  }
  chmodSync(dir, 0o555);
}

/** A copy of the standalone output that the returned uid cannot change. */
export function readOnlyCopy(): { dir: string; parent: string; uid: number } {
  requireStandaloneBuild();
  const parent = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-readonly-'));
  // mkdtemp makes it 0700: the server's user must be able to reach the copy inside.
  chmodSync(parent, 0o755);
  const dir = path.join(parent, 'app');
  cpSync(STANDALONE_DIR, dir, { recursive: true, verbatimSymlinks: true });
  readOnlyTree(dir);
  const uid = process.getuid?.() === 0 ? NOBODY : (process.getuid?.() ?? NOBODY);
  return { dir, parent, uid };
}

/** Whether `uid` can create a file in `dir`, asked of a process running as that user. */
export function canWrite(dir: string, uid: number): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require('node:fs').writeFileSync(${JSON.stringify(path.join(dir, '.probe'))}, 'x')`], {
    uid: process.getuid?.() === 0 ? uid : undefined,
    gid: process.getuid?.() === 0 ? uid : undefined,
  });
  return probe.status === 0;
}

export async function startStandaloneServer(env: Record<string, string>): Promise<StandaloneServer> {
  const { dir, parent, uid } = readOnlyCopy();
  const port = await freePort();
  // Writable scratch space, as a serverless function has /tmp.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-scratch-'));
  chmodSync(scratch, 0o777);
  let log = '';
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(process.execPath, [path.join(dir, 'server.js')], {
    cwd: dir,
    uid: asRoot ? uid : undefined,
    gid: asRoot ? uid : undefined,
    env: {
      PATH: process.env.PATH,
      HOME: scratch,
      TMPDIR: scratch,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const cleanup = () => {
    // The copy is read-only by design; give it back its write bits to remove it.
    spawnSync('chmod', ['-R', 'u+w', parent]);
    rmSync(parent, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, {
      ready: async () => {
        try {
          const res = await fetch(`${url}/api/v1/health`);
          await res.body?.cancel();
          return true;
        } catch {
          return false;
        }
      },
      intervalMs: 100,
      timeoutMs: 30_000,
      exited: (code) => new Error(`the standalone server exited with ${code}:\n${log}`),
      timedOut: () => new Error(`the standalone server did not answer within 30 s:\n${log}`),
    });
  } catch (err) {
    await killChild(child);
    cleanup();
    throw err;
  }
  return {
    url,
    appDir: dir,
    uid,
    output: () => log,
    async stop() {
      await killChild(child, 'SIGTERM');
      cleanup();
    },
  };
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../tests/support/redis-server';

/**
 * The yardstick for ingest: a bare Next.js app whose one route handler parses
 * the JSON body and answers a small JSON object — what any Next ingest
 * endpoint costs before it does any work. Built into a temporary directory
 * outside the repository (inside it, Next would pick up Hostwatch's own
 * proxy.ts and instrumentation.ts), with this repository's node_modules
 * linked in; webpack builds it, since Turbopack refuses a node_modules link
 * that leaves its root. Started with `next start` like Hostwatch.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(os.tmpdir(), 'hostwatch-bare-next');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');

const ROUTE = `export const dynamic = 'force-dynamic';
export async function POST(request: Request) {
  const body = (await request.json()) as { samples?: unknown[] };
  return Response.json({ accepted: Array.isArray(body.samples) ? body.samples.length : 0, duplicates: 0 });
}
`;

export function buildBareNext(): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'app', 'api', 'echo'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bare-next', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'next.config.mjs'), 'export default { poweredByHeader: false, typescript: { ignoreBuildErrors: true } };\n');
  writeFileSync(path.join(dir, 'app', 'api', 'echo', 'route.ts'), ROUTE);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const built = spawnSync(process.execPath, [nextBin, 'build', '--webpack'], { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the bare Next app failed:\n${built.stdout}\n${built.stderr}`);
  return dir;
}

export interface BareServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startBareNext(env: Record<string, string> = {}): Promise<BareServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`${url}/api/echo`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      await res.body?.cancel();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

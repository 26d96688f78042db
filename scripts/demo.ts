/**
 * README line A: build and start Hostwatch on the embedded store, then print
 * the URL. Ctrl-C stops everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOSTWATCH_DEMO_HOST ?? '127.0.0.1';
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
const dataDir = path.resolve(process.env.HOSTWATCH_DATA_DIR ?? path.join(root, '.data', 'demo'));
const children: ChildProcess[] = [];

function persistentSecret(): string {
  const file = path.join(dataDir, 'nextauth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function stopAll(code: number): never {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}

async function waitForHealth(deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${url} within 60 s`);
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  console.log('Building Hostwatch (about a minute)...');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('error: the build failed (see above)');
    process.exit(1);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOSTWATCH_STORE: 'sqlite',
    HOSTWATCH_DATA_DIR: dataDir,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? persistentSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const server = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', host, '-p', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(server);
  server.on('exit', (code) => {
    console.error(`the server stopped (exit ${code})`);
    stopAll(code ?? 1);
  });
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  await waitForHealth(Date.now() + 60_000);
  console.log(`\nHostwatch is running on the embedded store: ${url}\n  data: ${dataDir}\n  Ctrl-C stops it.\n`);
}

main().catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  stopAll(1);
});

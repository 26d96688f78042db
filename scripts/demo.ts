/**
 * README line A: build Hostwatch, start it on the embedded store with an admin
 * login, a collector for this machine and a few simulated hosts with a day of
 * history, then print the URL and the login. Ctrl-C stops everything it started.
 *
 * Runs under `tsx --conditions=react-server` so it can use lib/ (server-only)
 * to enrol the demo's hosts directly in the store before the server starts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const url = `http://127.0.0.1:${port}`;
const dataDir = path.resolve(process.env.HOSTWATCH_DATA_DIR ?? path.join(root, '.data', 'demo'));
const stateFile = path.join(dataDir, 'demo.json');
const SIMULATED = ['web-1', 'web-2', 'db-1', 'cache-1', 'batch-1'];
const BACKFILL_HOURS = 24;

interface DemoState {
  admin: { email: string; password: string };
  hosts: { id: string; name: string; token: string }[];
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): never {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}

function run(name: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`error: the ${name} stopped (${signal ?? `exit ${code}`}); stopping the demo`);
    stopAll(code || 1);
  });
  return child;
}

async function waitForHealth(deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${url} within 60 s`);
}

/** Sessions survive a restart of the demo because the secret is kept beside the data. */
function persistentSecret(): string {
  const file = path.join(dataDir, 'nextauth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** First run: an admin with a generated password and the demo's hosts; later runs reuse them. */
async function prepare(): Promise<DemoState> {
  if (existsSync(stateFile)) return JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState;
  const { getStore } = await import('@/lib/store');
  const { ensureAdmin } = await import('@/lib/accounts/first-admin');
  const { createHost } = await import('@/lib/accounts/hosts');
  const store = getStore();
  const admin = { email: 'admin@hostwatch.local', password: randomBytes(12).toString('base64url') };
  await ensureAdmin(store, admin.email, admin.password);
  const hosts = [];
  for (const [name, tags] of [[os.hostname(), ['local']], ...SIMULATED.map((n) => [n, ['demo', n.split('-')[0]!]])] as [string, string[]][]) {
    const { id, token } = await createHost(store, { name, tags }, url);
    hosts.push({ id, name, token });
  }
  await store.close();
  const state: DemoState = { admin, hosts };
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  return state;
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  Object.assign(process.env, { NODE_ENV: 'production', HOSTWATCH_STORE: 'sqlite', HOSTWATCH_DATA_DIR: dataDir });
  console.log('Building Hostwatch (a minute or two)...');
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    console.error('error: the build failed (see above)');
    process.exit(1);
  }
  process.env.NEXTAUTH_SECRET ??= persistentSecret();
  process.env.NEXTAUTH_URL ??= url;
  const state = await prepare();
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  run('server', [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  await waitForHealth(Date.now() + 60_000);

  const bundle = path.join(root, 'dist', 'hostwatch-collector.mjs');
  const [local, ...simulated] = state.hosts;
  const tokensFile = path.join(dataDir, 'simulated-tokens');
  writeFileSync(tokensFile, simulated.map((h) => h.token).join('\n') + '\n', { mode: 0o600 });
  const collectorEnv = { ...process.env, HOSTWATCH_URL: url, HOSTWATCH_LOG_LEVEL: 'warn' };
  run('collector', [bundle, '--spool-dir', path.join(dataDir, 'spool-local')], { ...collectorEnv, HOSTWATCH_TOKEN: local!.token });
  run(
    'simulator',
    [bundle, '--simulate', String(simulated.length), '--tokens-file', tokensFile, '--backfill', String(BACKFILL_HOURS), '--spool-dir', path.join(dataDir, 'spool-simulated')],
    collectorEnv,
  );

  console.log(`
Hostwatch is running on the embedded store: ${url}
  log in as   ${state.admin.email}
  password    ${state.admin.password}
  hosts       ${local!.name} (this machine) and ${simulated.length} simulated with ${BACKFILL_HOURS} h of history
  data        ${dataDir}
Ctrl-C stops the server and the collectors.
`);
}

main().catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  stopAll(1);
});

/**
 * README line A: build Hostwatch, start it on the embedded store with an admin
 * login, a collector for this machine and a few simulated hosts with a day of
 * history, then print the URL and the login. Ctrl-C stops everything it started.
 *
 * Runs under `tsx --conditions=react-server` so it can use lib/ (server-only)
 * to enrol the demo's hosts directly in the store before the server starts.
 *
 * HOST (127.0.0.1) and PORT (3000) say where it listens; HOSTWATCH_PUBLIC_URL
 * (or NEXTAUTH_URL) is the URL other machines reach it at, put in the install
 * commands it shows. With HOST=0.0.0.0 and no public URL, the machine's first
 * non-loopback IPv4 address is used.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '@/lib/store/types';
import { demoAddress } from './demo-address';

const root = path.resolve(import.meta.dirname, '..');
const address = demoAddress(process.env, os.networkInterfaces());
const { host, port, url } = address.ok ? address : { host: '', port: 0, url: '' };
/** The server as this script reaches it (a wildcard bind is reachable on loopback). */
const localUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
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
      if ((await fetch(`${localUrl}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${localUrl} within 60 s`);
}

/** Sessions survive a restart of the demo because the secret is kept beside the data. */
function persistentSecret(): string {
  const file = path.join(dataDir, 'nextauth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Before the build: a busy port stops the demo with one line, not Next's EADDRINUSE stack a minute later. */
async function checkPortFree(): Promise<void> {
  const problem = await new Promise<string | null>((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port} (${err.code ?? err.message})`),
    );
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
  if (problem) {
    console.error(`error: ${problem}; stop what uses it or choose another port with PORT (e.g. PORT=${port + 1} npm run demo)`);
    process.exit(1);
  }
}

/**
 * The admin's password as it is now: the generated one while it still signs in; after it was changed in
 * the dashboard only its owner knows it, and HOSTWATCH_DEMO_RESET_PASSWORD=1 makes a new one.
 */
async function currentPassword(store: Store, state: DemoState): Promise<string | null> {
  const { verifyPassword } = await import('@/lib/auth/password');
  const { updateUser } = await import('@/lib/accounts/users');
  const user = await store.getUserByEmail(state.admin.email);
  if (!user) return null;
  if (process.env.HOSTWATCH_DEMO_RESET_PASSWORD === '1') {
    const password = randomBytes(12).toString('base64url');
    await updateUser(store, user.id, { password });
    state.admin.password = password;
    writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
    return password;
  }
  return (await verifyPassword(state.admin.password, user.passwordHash)) ? state.admin.password : null;
}

/** The demo's admin and hosts (made on the first run) and the admin's password as it is now, through a store closed again before the server opens it. */
async function loginState(): Promise<{ state: DemoState; password: string | null }> {
  const { createStore } = await import('@/lib/store');
  const { config } = await import('@/lib/config');
  const store = createStore(config().store, config().retention);
  try {
    const state = await prepare(store);
    return { state, password: await currentPassword(store, state) };
  } finally {
    await store.close();
  }
}

function passwordLine(password: string | null): string {
  return password ?? 'the one you set in the dashboard (the generated one was changed; HOSTWATCH_DEMO_RESET_PASSWORD=1 npm run demo makes a new one)';
}

/** First run: an admin with a generated password and the demo's hosts; later runs reuse them. */
async function prepare(store: Store): Promise<DemoState> {
  if (existsSync(stateFile)) return JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState;
  const { ensureAdmin } = await import('@/lib/accounts/first-admin');
  const { createHost } = await import('@/lib/accounts/hosts');
  const admin = { email: 'admin@hostwatch.local', password: randomBytes(12).toString('base64url') };
  await ensureAdmin(store, admin.email, admin.password);
  const hosts = [];
  for (const [name, tags] of [[os.hostname(), ['local']], ...SIMULATED.map((n) => [n, ['demo', n.split('-')[0]!]])] as [string, string[]][]) {
    const { id, token } = await createHost(store, { name, tags }, url);
    hosts.push({ id, name, token });
  }
  const state: DemoState = { admin, hosts };
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  return state;
}

async function main() {
  if (!address.ok) {
    console.error(`error: ${address.error}`);
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true });
  Object.assign(process.env, { NODE_ENV: 'production', HOSTWATCH_STORE: 'sqlite', HOSTWATCH_DATA_DIR: dataDir });
  process.env.NEXTAUTH_SECRET ??= persistentSecret();
  process.env.NEXTAUTH_URL ??= url;
  if (process.argv.includes('--login')) {
    // `npm run demo -- --login`: the login as it is now, without starting anything.
    const { state, password } = await loginState();
    console.log(`log in as   ${state.admin.email}\npassword    ${passwordLine(password)}`);
    process.exit(0); // the password-hashing worker would keep the process alive

  }
  await checkPortFree();
  console.log('Building Hostwatch (a minute or two)...');
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    console.error('error: the build failed (see above)');
    process.exit(1);
  }
  const { state, password } = await loginState();
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  run('server', [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', host, '-p', String(port)], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  await waitForHealth(Date.now() + 60_000);

  const bundle = path.join(root, 'dist', 'hostwatch-collector.mjs');
  const [local, ...simulated] = state.hosts;
  const tokensFile = path.join(dataDir, 'simulated-tokens');
  writeFileSync(tokensFile, simulated.map((h) => h.token).join('\n') + '\n', { mode: 0o600 });
  const collectorEnv = { ...process.env, HOSTWATCH_URL: localUrl, HOSTWATCH_LOG_LEVEL: 'warn' };
  run('collector', [bundle, '--spool-dir', path.join(dataDir, 'spool-local')], { ...collectorEnv, HOSTWATCH_TOKEN: local!.token });
  run(
    'simulator',
    [bundle, '--simulate', String(simulated.length), '--tokens-file', tokensFile, '--backfill', String(BACKFILL_HOURS), '--spool-dir', path.join(dataDir, 'spool-simulated')],
    collectorEnv,
  );

  const reach = address.loopbackOnly
    ? `  only this machine can reach it: for a headless server, tunnel with \`ssh -L ${port}:127.0.0.1:${port} <server>\` and open http://127.0.0.1:${port},
  or listen on the network with HOST=0.0.0.0 (and HOSTWATCH_PUBLIC_URL=http://<address>:${port} for other machines' install commands)`
    : `  other machines enrol from Add host with the install command for ${url}`;
  console.log(`
Hostwatch is running on the embedded store: ${url}
  log in as   ${state.admin.email}
  password    ${passwordLine(password)}
  hosts       ${local!.name} (this machine) and ${simulated.length} simulated with ${BACKFILL_HOURS} h of history
  data        ${dataDir}
${reach}
Ctrl-C stops the server and the collectors.
`);
}

main().catch((err) => {
  console.error(`error: ${(err as Error).message}`);
  stopAll(1);
});

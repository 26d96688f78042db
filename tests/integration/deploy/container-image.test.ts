import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../auth/browser-session';
import { runCollector, type Collector } from '../collector/sink';
import { freePort } from '../../support/redis-server';
import { buildNodeBaseImage, podman, PODMAN_GLOBAL, PODMAN_LIMITS } from '../../support/node-base-image';
import { requireStandaloneBuild } from '../../support/standalone-server';

/**
 * The Dockerfile, built and run by a real container engine (Podman; Docker's
 * engine does not run on this machine). Registries are unreachable, so the
 * base is a Node image made offline from this machine's node
 * (tests/support/node-base-image.ts), passed as NODE_IMAGE, and the image is
 * built with `--target prebuilt` around the standalone build made outside it:
 * the default target's `npm ci` needs the registry inside the build. The
 * container runs as its non-root user with its store in the /data volume;
 * the test signs in, has the real collector post to it, checks the health
 * check, and restarts the container on the same volume.
 */
const tag = `hw${process.pid}`;
const BASE = `localhost/hostwatch-node-base:${tag}`;
const IMAGE = `localhost/hostwatch:${tag}`;
const NAME = `hostwatch-test-${tag}`;
const VOLUME = `hostwatch-test-data-${tag}`;
const ADMIN = { email: 'admin@example.test', password: 'container-admin-pw-123' };
const root = path.resolve(import.meta.dirname, '../../..');

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/health`);
    return res.ok;
  } catch {
    return false;
  }
}

describe('the container image under Podman', () => {
  let url: string;
  let port: number;
  let collector: Collector | undefined;
  const spool = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-container-spool-'));

  const run = () =>
    podman([
      'run', '-d', '--name', NAME, ...PODMAN_LIMITS,
      // Host networking: port mapping needs a network backend this test machine may lack; the image's PORT is set instead.
      '--network', 'host', '-e', `PORT=${port}`, '-e', 'HOSTNAME=127.0.0.1',
      '-e', 'NEXTAUTH_SECRET=container-secret-long-enough-0123456789abcdef', '-e', `NEXTAUTH_URL=${url}`,
      '-e', `ADMIN_EMAIL=${ADMIN.email}`, '-e', `ADMIN_PASSWORD=${ADMIN.password}`,
      '-v', `${VOLUME}:/data`, IMAGE,
    ]);

  async function untilHealthy(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await healthy(url))) {
      if (Date.now() > deadline) throw new Error(`the container did not become healthy:\n${podman(['logs', NAME])}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    requireStandaloneBuild();
    buildNodeBaseImage(BASE, [path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')]);
    podman(['build', '--format', 'docker', ...PODMAN_LIMITS, '--target', 'prebuilt', '--build-arg', `NODE_IMAGE=${BASE}`, '-t', IMAGE, root], { timeoutMs: 300_000 });
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    run();
    await untilHealthy();
  }, 400_000);

  afterAll(async () => {
    collector?.process.kill('SIGTERM');
    for (const args of [['rm', '-f', NAME], ['volume', 'rm', '-f', VOLUME], ['rmi', '-f', IMAGE, BASE]]) {
      try {
        podman(args);
      } catch {
        // best effort: a later run uses other names
      }
    }
    rmSync(spool, { recursive: true, force: true });
  });

  it('runs the server as its non-root user, with the store in the volume', () => {
    const pid = podman(['inspect', '--format', '{{.State.Pid}}', NAME]).trim();
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    expect(uid).toBe('10001');
    expect(podman(['inspect', '--format', '{{.Config.User}}', NAME]).trim()).toBe('10001:10001');
    const mounts = JSON.parse(podman(['inspect', '--format', '{{json .Mounts}}', NAME])) as { Name: string; Destination: string }[];
    expect(mounts).toContainEqual(expect.objectContaining({ Name: VOLUME, Destination: '/data' }));
  });

  it('passes its own health check', () => {
    podman(['healthcheck', 'run', NAME]);
    expect(podman(['inspect', '--format', '{{.State.Health.Status}}', NAME]).trim()).toBe('healthy');
  });

  it('signs in, takes the real collector’s batches, and keeps them across a restart on the same volume', async () => {
    const admin = new BrowserSession(url, '');
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const created = await admin.request('POST', '/api/v1/hosts', { body: { name: 'in-a-container' } });
    expect(created.status).toBe(201);
    const c = runCollector(['--interval', '1', '--post-interval', '1', '--spool-dir', spool], { HOSTWATCH_URL: url, HOSTWATCH_TOKEN: created.json.token });
    collector = c;
    let seen: number | null = null;
    const deadline = Date.now() + 30_000;
    while (seen === null) {
      const host = await admin.request('GET', `/api/v1/hosts/${created.json.id}`);
      seen = host.json?.lastSeen ?? null;
      if (seen === null && Date.now() > deadline) throw new Error(`no batch arrived:\n${c.output()}\n${podman(['logs', NAME])}`);
      if (seen === null) await new Promise((r) => setTimeout(r, 200));
    }
    c.process.kill('SIGTERM');
    await c.exited;
    collector = undefined;
    // The collector may have posted once more before it stopped: what the restart must keep is the final state.
    seen = (await admin.request('GET', `/api/v1/hosts/${created.json.id}`)).json.lastSeen;

    podman(['stop', '-t', '10', NAME]);
    podman(['rm', NAME]);
    run();
    await untilHealthy();
    const again = new BrowserSession(url, '');
    expect((await again.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const host = await again.request('GET', `/api/v1/hosts/${created.json.id}`);
    expect(host.status).toBe(200);
    expect(host.json.lastSeen).toBe(seen);
  });

  it('starts from compose.yaml with podman-compose, port published, store in its named volume', async () => {
    const project = `hwc${process.pid}`;
    const composePort = await freePort();
    const compose = (...args: string[]) => {
      const r = spawnSync('podman-compose', ['-p', project, '--podman-args', PODMAN_GLOBAL.join(' '), '--podman-run-args', PODMAN_LIMITS.join(' '), '-f', path.join(root, 'compose.yaml'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        // The image built above stands in for `build: .` (whose npm ci needs the registry); only the hostwatch service is started.
        env: { ...process.env, NEXTAUTH_SECRET: 'compose-secret-long-enough-0123456789abcdef', HOSTWATCH_IMAGE: IMAGE, HOSTWATCH_PORT: String(composePort) },
      });
      if (r.error) throw new Error(`podman-compose: ${r.error.message} (scripts/install-test-deps.sh installs it)`);
      if (r.status !== 0) throw new Error(`podman-compose ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
      return r.stdout;
    };
    try {
      compose('up', '-d', 'hostwatch');
      const composeUrl = `http://127.0.0.1:${composePort}`;
      const deadline = Date.now() + 60_000;
      while (!(await healthy(composeUrl))) {
        if (Date.now() > deadline) throw new Error(`the compose service did not answer:\n${compose('logs', 'hostwatch')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const mounts = JSON.parse(podman(['inspect', '--format', '{{json .Mounts}}', `${project}_hostwatch_1`])) as { Name: string; Destination: string }[];
      expect(mounts).toContainEqual(expect.objectContaining({ Name: `${project}_hostwatch-data`, Destination: '/data' }));
    } finally {
      compose('down', '-v');
    }
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getBundle } from '@/app/hostwatch-collector.mjs/route';
import { GET as getInstall } from '@/app/install.sh/route';
import { freePort } from '../../support/redis-server';
import { buildBundle, bundle, root } from './sink';

const fallbackBundle = path.join(root, 'dist', 'hostwatch-collector-fallback.mjs');

const TOKEN = 'hwt_abcdefghijklmnopqrstuvwxyz012345';

/** The two real route handlers behind a plain node:http server, so the script is fetched with curl as users will. */
async function serveRoutes(): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const server = http.createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1:${port}${req.url}`, { headers: { host: `127.0.0.1:${port}` } });
    const pathname = new URL(request.url).pathname;
    const response =
      pathname === '/install.sh' ? await getInstall(request) : pathname === '/hostwatch-collector.mjs' ? await getBundle(request) : new Response('no', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('collector install script', () => {
  let server: { url: string; close: () => Promise<void> };
  let dir: string;
  beforeAll(async () => {
    buildBundle();
    server = await serveRoutes();
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-install-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the server answering curl lives in this process.
  const install = (args: string, env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', `curl -fsSL ${server.url}/install.sh | sh -s -- ${args}`], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, ...env, NODE_ENV: 'production' as const },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('serves the script with the server URL filled in, refusing hosts that could inject shell', async () => {
    const res = await getInstall(new Request('http://hw.example.com/install.sh', { headers: { host: 'hw.example.com', 'x-forwarded-proto': 'https' } }));
    const text = await res.text();
    expect(text).toContain('URL="${HOSTWATCH_URL:-https://hw.example.com}"');
    expect(text).not.toContain('__HOSTWATCH_URL__');
    const bad = await getInstall(new Request('http://x/install.sh', { headers: { host: 'x$(id)' } }));
    expect(bad.status).toBe(400);
  });

  it('installs into a prefix without systemd: bundle, private config and a hardened unit', async () => {
    const prefix = path.join(dir, 'root');
    const r = await install(`--prefix ${prefix} --no-systemd --interval 7`, { HOSTWATCH_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toEqual(readFileSync(bundle));
    // Linux has /proc: one file, the fallback bundle is neither downloaded nor installed.
    expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector-fallback.mjs'))).toBe(false);
    const conf = path.join(prefix, 'etc/hostwatch/collector.json');
    expect(statSync(conf).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(conf, 'utf8'))).toEqual({ url: server.url, token: TOKEN, interval: 7 });
    const unit = readFileSync(path.join(prefix, 'etc/systemd/system/hostwatch-collector.service'), 'utf8');
    for (const line of ['Restart=always', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'StateDirectory=hostwatch', 'User=hostwatch']) {
      expect(unit).toContain(line);
    }
    expect(unit).toMatch(/^ExecStart=\/\S*node \/opt\/hostwatch\/hostwatch-collector\.mjs --config \/etc\/hostwatch\/collector\.json$/m);
    expect(unit).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(TOKEN);

    // The installed collector accepts the config it was given.
    const run = spawnSync(process.execPath, [path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'), '--config', conf, '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(0);

    const un = await install(`--prefix ${prefix} --no-systemd --uninstall`);
    expect(un.status).toBe(0);
    expect(existsSync(conf)).toBe(false);
    expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toBe(false);
    expect(existsSync(path.join(prefix, 'etc/systemd/system/hostwatch-collector.service'))).toBe(false);
  });

  it('with --with-fallback (the default off Linux) installs the fallback bundle beside the main one, and removes both', async () => {
    const prefix = path.join(dir, 'root-fallback');
    const r = await install(`--prefix ${prefix} --no-systemd --with-fallback`, { HOSTWATCH_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector.mjs'))).toEqual(readFileSync(bundle));
    expect(readFileSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector-fallback.mjs'))).toEqual(readFileSync(fallbackBundle));

    const un = await install(`--prefix ${prefix} --no-systemd --uninstall`);
    expect(un.status).toBe(0);
    expect(existsSync(path.join(prefix, 'opt/hostwatch'))).toBe(false);
  });

  it('refuses to install without a token, or with a Node older than 18', async () => {
    const prefix = path.join(dir, 'root2');
    const noToken = await install(`--prefix ${prefix} --no-systemd`);
    expect(noToken.status).not.toBe(0);
    expect(noToken.stderr).toMatch(/no token/);

    const bin = path.join(dir, 'oldnode');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'node'), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo v16.20.0; else echo 16; fi\n');
    chmodSync(path.join(bin, 'node'), 0o755);
    const old = await install(`--prefix ${prefix} --no-systemd`, { HOSTWATCH_TOKEN: TOKEN, PATH: `${bin}:${process.env.PATH}` });
    expect(old.status).not.toBe(0);
    expect(old.stderr).toMatch(/Node\.js >= 18 is required \(found v16\.20\.0\)/);
    expect(existsSync(path.join(prefix, 'etc/hostwatch/collector.json'))).toBe(false);
  });
});

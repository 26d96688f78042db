import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNextServer, type NextServer } from '../../support/next-server';
import { bundle, root } from './sink';

const fallbackBundle = path.join(root, 'dist', 'hostwatch-collector-fallback.mjs');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const TOKEN = 'hwt_abcdefghijklmnopqrstuvwxyz012345';

/** A GET with whatever Host and forwarding headers a client cares to send. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/**
 * The installer routes of the production build under `next start` launched
 * from another directory: what they serve comes from the build, not from
 * files beside the working directory, and the URL in the script is the
 * configured one (NEXTAUTH_URL), not the request's Host.
 */
describe('install script and bundles served by next start from another directory', () => {
  let server: NextServer;
  let elsewhere: string;
  beforeAll(async () => {
    elsewhere = mkdtempSync(path.join(os.tmpdir(), 'hw-elsewhere-'));
    server = await startNextServer({}, { fromDir: elsewhere });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('serves the script with the configured URL and the sums of the bundles it serves, ignoring forged Host headers', async () => {
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const script = await get(`${server.url}/install.sh`, forged);
    expect(script.status, server.output()).toBe(200);
    const text = script.body.toString('utf8');
    expect(text).toContain(`URL="\${HOSTWATCH_URL:-${server.url}}"`);
    expect(text).not.toContain('evil.example');

    const main = await get(`${server.url}/hostwatch-collector.mjs`);
    const fallback = await get(`${server.url}/hostwatch-collector.mjs?variant=fallback`);
    expect([main.status, fallback.status]).toEqual([200, 200]);
    expect(main.body.equals(readFileSync(bundle))).toBe(true);
    expect(fallback.body.equals(readFileSync(fallbackBundle))).toBe(true);
    expect(text).toContain(`BUNDLE_SHA256="${sha256(main.body)}"`);
    expect(text).toContain(`FALLBACK_SHA256="${sha256(fallback.body)}"`);
  });

  it('installs from it with curl | sh, the checksums holding', async () => {
    const prefix = path.join(elsewhere, 'root');
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn('sh', ['-c', `curl -fsSL ${server.url}/install.sh | sh -s -- --prefix ${prefix} --no-systemd --with-fallback`], {
        env: { PATH: process.env.PATH ?? '', HOME: elsewhere, HOSTWATCH_TOKEN: TOKEN, NODE_ENV: 'production' as const },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(prefix, 'opt/hostwatch/hostwatch-collector-fallback.mjs'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(prefix, 'etc/hostwatch/collector.json'), 'utf8'))).toEqual({ url: server.url, token: TOKEN });
  });
});

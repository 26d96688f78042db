import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyFromSetting } from '@/lib/notify';
import { DeliveryFailure } from '@/lib/notify/failure';
import { safeFetch } from '@/lib/notify/safe-fetch';

/**
 * HTTPS to a name goes to the checked address but keeps the name for SNI and
 * for verifying the certificate: a real TLS server on 127.0.0.1 with a
 * self-signed certificate for "localhost" sees SNI "localhost", and the
 * client refuses the certificate (verification is on, not skipped for
 * connecting by address).
 */

let dir: string;
let server: https.Server;
let port: number;
const sni: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hw-notify-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'pipe' });
  const key = readFileSync(keyFile);
  const cert = readFileSync(certFile);
  server = https.createServer(
    {
      key,
      cert,
      SNICallback: (name, callback) => {
        sni.push(name);
        callback(null, tls.createSecureContext({ key, cert }));
      },
    },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS through the pinned address', () => {
  it('sends SNI for the name and verifies the certificate', async () => {
    const policy = policyFromSetting(['127.0.0.0/8', '::1/128']);
    const err = (await safeFetch({ url: `https://localhost:${port}/hook`, policy, timeoutMs: 5000 }).catch((e: unknown) => e)) as DeliveryFailure;
    expect(err).toBeInstanceOf(DeliveryFailure);
    expect(err.message).toBe(`TLS: self-signed certificate (localhost:${port})`);
    expect(err.retryable).toBe(false);
    expect(sni).toEqual(['localhost']);
  });
});

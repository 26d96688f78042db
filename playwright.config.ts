import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium; Playwright never downloads a browser here. */
export const chromiumPath = process.env.HOSTWATCH_CHROMIUM ?? '/usr/bin/chromium';
export const e2ePort = Number(process.env.HOSTWATCH_E2E_PORT ?? 3107);
export const e2eAdmin = { email: 'admin@example.test', password: 'e2e-admin-password-1' };
/** The server under test keeps its embedded store in a fresh directory each run. */
const dataDir = process.env.HOSTWATCH_E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'hostwatch-e2e-'));
process.env.HOSTWATCH_E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${e2ePort}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The real production server from `next build`.
    command: `npx next start -H 127.0.0.1 -p ${e2ePort}`,
    url: `http://127.0.0.1:${e2ePort}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      HOSTWATCH_DATA_DIR: dataDir,
      HOSTWATCH_STORE: 'sqlite',
      NEXTAUTH_SECRET: 'e2e-secret-that-is-long-enough-0123456789',
      NEXTAUTH_URL: `http://127.0.0.1:${e2ePort}`,
      // The first admin, created at start; tests/e2e/auth.spec.ts signs in with it.
      ADMIN_EMAIL: e2eAdmin.email,
      ADMIN_PASSWORD: e2eAdmin.password,
      // tests/e2e/alerts.spec.ts notifies a webhook receiver it starts on loopback.
      HOSTWATCH_ALERTS_ALLOW_PRIVATE: '127.0.0.1/32',
      // Every spec signs in from 127.0.0.1, like an office behind one NAT; the limit itself is tested in tests/integration/auth.
      HOSTWATCH_LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
    },
  },
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changeOwnPassword } from '@/lib/accounts/users';
import { verifyPassword } from '@/lib/auth/password';
import { createStore } from '@/lib/store';
import { RETENTION } from './store/sample';

/**
 * README line A's demo script, run for real (scripts/demo.ts): the paths that stop before the build.
 * The login it prints is the admin's password as it is now, and a busy port stops it at once.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-demo-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function demo(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/demo.ts', ...args], {
      cwd: root,
      env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir(), HOSTWATCH_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const passwordOf = (output: string) => /password {4}(\S+)/.exec(output)?.[1];

describe('the demo script', () => {
  it('prints the current admin password: the generated one, a note once it was changed, a fresh one when asked', async () => {
    const first = await demo(['--login']);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('admin@hostwatch.local');
    const generated = passwordOf(first.output)!;
    expect(generated).toMatch(/^[\w-]{16}$/);
    expect((await demo(['--login'])).output).toContain(generated);

    const store = createStore({ kind: 'sqlite', file: path.join(dataDir, 'hostwatch.db') }, RETENTION);
    const admin = (await store.getUserByEmail('admin@hostwatch.local'))!;
    await changeOwnPassword(store, admin.id, { currentPassword: generated, newPassword: 'a-password-the-admin-chose' });
    await store.close();
    const changed = await demo(['--login']);
    expect(changed.output).not.toContain(generated);
    expect(changed.output).toContain('the generated one was changed');

    const reset = await demo(['--login'], { HOSTWATCH_DEMO_RESET_PASSWORD: '1' });
    const fresh = passwordOf(reset.output)!;
    expect(fresh).toMatch(/^[\w-]{16}$/);
    expect(fresh).not.toBe(generated);
    const after = createStore({ kind: 'sqlite', file: path.join(dataDir, 'hostwatch.db') }, RETENTION);
    expect(await verifyPassword(fresh, (await after.getUserByEmail('admin@hostwatch.local'))!.passwordHash)).toBe(true);
    await after.close();
  });

  it('stops before the build with one line naming the busy port and PORT', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = await demo([], { PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.output.trim()).toBe(`error: port ${port} on 127.0.0.1 is already in use; stop what uses it or choose another port with PORT (e.g. PORT=${port + 1} npm run demo)`);
      expect(r.output).not.toContain('Building');
    } finally {
      busy.close();
    }
  });

  it('refuses a bad PORT or HOST naming the setting', async () => {
    const r = await demo([], { PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.output.trim()).toBe('error: PORT must be a port number from 1 to 65535, not "eighty"');
  });
});

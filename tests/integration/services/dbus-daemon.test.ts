import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSchema } from '@/lib/wire/contract';
import { buildBundle, bundle } from '../collector/sink';
import { createLogger } from '@/collector/log';
import { SystemdWatcher } from '@/collector/services/systemd-watcher';
import { joinAsSystemd, startDbusDaemon, type DbusDaemon } from '@/tests/support/dbus-daemon';
import { unitRow, variant } from '@/tests/support/dbus-standin';

/**
 * The collector's D-Bus client and systemd watcher on a real bus: a private
 * dbus-daemon, with a stand-in systemd joined to it as a peer that owns
 * org.freedesktop.systemd1. The bus does the authentication, Hello, match
 * rules and routing; only systemd's answers are stand-ins.
 */
let bus: DbusDaemon;

beforeAll(async () => {
  bus = await startDbusDaemon();
});
afterAll(async () => {
  await bus?.stop();
});

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('systemd watcher on a real dbus-daemon', () => {
  it('while systemd is not on the bus, keeps retrying and is not ready', async () => {
    const attempts: number[] = [];
    const watcher = new SystemdWatcher({ socketPath: bus.socket, log: createLogger('error'), retryMs: (n) => (attempts.push(n), 0) });
    try {
      watcher.start();
      await until('two retries', () => attempts.length >= 2);
      expect(watcher.ready).toBe(false);
    } finally {
      watcher.stop();
    }
  });

  it('authenticates, lists through the bus, and receives only the signals its match rules ask for', async () => {
    const systemd = await joinAsSystemd(bus.socket, {
      units: [unitRow('nginx.service', 'loaded', 'active', 'running'), unitRow('backup.service', 'loaded', 'failed', 'failed'), unitRow('systemd-journald.socket', 'loaded', 'active', 'running')],
      restarts: { 'nginx.service': 1 },
    });
    const watcher = new SystemdWatcher({ socketPath: bus.socket, log: createLogger('error'), retryMs: () => 0 });
    try {
      watcher.start();
      await watcher.settled();
      expect(watcher.units()).toEqual([
        { name: 'backup', state: 'failed', subState: 'failed', restarts: 0 },
        { name: 'nginx', state: 'active', subState: 'running', restarts: 1 },
      ]);
      // Hello and AddMatch went to the bus itself; systemd saw Subscribe, ListUnits and one Get per service.
      expect(systemd.calls.slice(0, 2)).toEqual(['Subscribe', 'ListUnits']);
      expect(systemd.calls.slice(2).sort()).toEqual(['Get /org/freedesktop/systemd1/unit/backup_2eservice NRestarts', 'Get /org/freedesktop/systemd1/unit/nginx_2eservice NRestarts']);
      const synced = systemd.calls.length;

      // The same signal from another peer is not delivered (the rules match systemd as sender). Its ping's answer
      // means the bus has dispatched it, so had it been delivered it would arrive before systemd's below.
      const impostor = await joinAsSystemd(bus.socket, { units: [] }, 'org.example.impostor');
      impostor.propertiesChanged('backup.service', 'org.freedesktop.systemd1.Unit', { ActiveState: variant('s', 'active'), SubState: variant('s', 'running') });
      await impostor.ping();
      impostor.close();
      systemd.propertiesChanged('nginx.service', 'org.freedesktop.systemd1.Unit', { ActiveState: variant('s', 'failed'), SubState: variant('s', 'failed') });
      systemd.propertiesChanged('nginx.service', 'org.freedesktop.systemd1.Service', { NRestarts: variant('u', 2) });
      await until('nginx failed with 2 restarts', () => watcher.units().find((u) => u.name === 'nginx')?.restarts === 2);
      expect(watcher.units()).toEqual([
        { name: 'backup', state: 'failed', subState: 'failed', restarts: 0 },
        { name: 'nginx', state: 'failed', subState: 'failed', restarts: 2 },
      ]);
      systemd.signal({ path: '/org/freedesktop/systemd1', iface: 'org.freedesktop.systemd1.Manager', member: 'UnitRemoved', signature: 'so', body: ['backup.service', '/org/freedesktop/systemd1/unit/backup_2eservice'] });
      await until('backup unloaded', () => !watcher.units().some((u) => u.name === 'backup'));
      expect(systemd.calls.length).toBe(synced);
    } finally {
      watcher.stop();
      systemd.close();
    }
  });
});

describe('the bundled collector on a real bus', () => {
  it('--once with --systemd-bus prints the services systemd lists, failed first', async () => {
    buildBundle();
    const systemd = await joinAsSystemd(bus.socket, {
      units: [unitRow('sshd.service', 'loaded', 'active', 'running'), unitRow('broken.service', 'loaded', 'failed', 'failed')],
      restarts: { 'broken.service': 7 },
    });
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [bundle, '--once', '--systemd-bus', bus.socket, '--container-socket', 'off'], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } });
      const sample = sampleSchema.parse(JSON.parse(stdout));
      // No sshd cgroup on this machine: state from systemd, no usage.
      expect(sample.services).toEqual([
        { name: 'broken', state: 'failed', subState: 'failed', restarts: 7, cpuPct: 0, memUsed: 0 },
        { name: 'sshd', state: 'active', subState: 'running', restarts: 0, cpuPct: 0, memUsed: 0 },
      ]);
    } finally {
      systemd.close();
    }
  });
});

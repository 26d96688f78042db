import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/collector/log';
import { connectBus } from '@/collector/services/dbus-client';
import { SystemdWatcher } from '@/collector/services/systemd-watcher';
import { DbusStandin, unitRow, variant } from '../../support/dbus-standin';

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let dir = '';
let bus: DbusStandin | null = null;
let watcher: SystemdWatcher | null = null;

afterEach(async () => {
  watcher?.stop();
  watcher = null;
  await bus?.stop();
  bus = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function standin(opts: ConstructorParameters<typeof DbusStandin>[1]): Promise<DbusStandin> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hw-dbus-'));
  bus = new DbusStandin(path.join(dir, 'bus.sock'), opts);
  await bus.start();
  return bus;
}

const UNITS = [
  unitRow('nginx.service', 'loaded', 'active', 'running'),
  unitRow('backup.service', 'loaded', 'failed', 'failed'),
  unitRow('cron.service', 'loaded', 'inactive', 'dead'),
  unitRow('ghost.service', 'not-found', 'inactive', 'dead'),
  unitRow('dbus.socket', 'loaded', 'active', 'listening'),
  // A malformed object path is never sent back to the bus (it would drop the connection): listed, no Get.
  ['odd.service', 'odd', 'loaded', 'active', 'running', '', '/bad path/..', 0, '', '/'],
];

describe('systemd over D-Bus', () => {
  it('lists services once (failed first, not-found and other unit types left out) with restart counts, then follows signals without calls', async () => {
    const b = await standin({ units: UNITS, restarts: { 'nginx.service': 2, 'backup.service': 5 } });
    watcher = new SystemdWatcher({ socketPath: b.path, log: createLogger('error'), retryMs: () => 0 });
    watcher.start();
    await watcher.settled();
    expect(watcher.units()).toEqual([
      { name: 'backup', state: 'failed', subState: 'failed', restarts: 5 },
      { name: 'nginx', state: 'active', subState: 'running', restarts: 2 },
      { name: 'odd', state: 'active', subState: 'running', restarts: 0 },
      { name: 'cron', state: 'inactive', subState: 'dead', restarts: 0 },
    ]);
    const callsAtSync = [...b.calls];
    expect(callsAtSync.slice(0, 5)).toEqual(['Hello', 'AddMatch', 'AddMatch', 'Subscribe', 'ListUnits']);
    expect(callsAtSync.filter((c) => c.startsWith('Get ')).sort()).toEqual([
      'Get /org/freedesktop/systemd1/unit/backup_2eservice NRestarts',
      'Get /org/freedesktop/systemd1/unit/cron_2eservice NRestarts',
      'Get /org/freedesktop/systemd1/unit/nginx_2eservice NRestarts',
    ]);

    // nginx fails, restarts (NRestarts on the Service interface), a new unit appears, cron is unloaded.
    b.propertiesChanged('nginx.service', 'org.freedesktop.systemd1.Unit', { ActiveState: variant('s', 'failed'), SubState: variant('s', 'failed') });
    await until('nginx failed', () => watcher!.units().find((u) => u.name === 'nginx')?.state === 'failed');
    b.propertiesChanged('nginx.service', 'org.freedesktop.systemd1.Service', { NRestarts: variant('u', 3) });
    b.propertiesChanged('nginx.service', 'org.freedesktop.systemd1.Unit', { ActiveState: variant('s', 'activating'), SubState: variant('s', 'auto-restart') });
    b.propertiesChanged('worker@1.service', 'org.freedesktop.systemd1.Unit', { ActiveState: variant('s', 'active'), SubState: variant('s', 'running') });
    b.propertiesChanged('dbus.socket', 'org.freedesktop.systemd1.Unit', { ActiveState: variant('s', 'failed') });
    b.signal({ path: '/org/freedesktop/systemd1', iface: 'org.freedesktop.systemd1.Manager', member: 'UnitRemoved', signature: 'so', body: ['cron.service', '/org/freedesktop/systemd1/unit/cron_2eservice'] });
    await until('all signals', () => watcher!.units().some((u) => u.name === 'worker@1') && !watcher!.units().some((u) => u.name === 'cron'));
    expect(watcher.units()).toEqual([
      { name: 'backup', state: 'failed', subState: 'failed', restarts: 5 },
      { name: 'odd', state: 'active', subState: 'running', restarts: 0 },
      { name: 'worker@1', state: 'active', subState: 'running', restarts: 0 },
      { name: 'nginx', state: 'activating', subState: 'auto-restart', restarts: 3 },
    ]);
    // Signals cost no call: everything after the sync was pushed by the bus.
    expect(b.calls).toEqual(callsAtSync);
  });

  it('lists again after the bus drops the connection, and is not ready meanwhile', async () => {
    const b = await standin({ units: UNITS.slice(0, 1) });
    watcher = new SystemdWatcher({ socketPath: b.path, log: createLogger('error'), retryMs: () => 0 });
    watcher.start();
    await watcher.settled();
    expect(watcher.ready).toBe(true);
    b.opts = { units: [unitRow('nginx.service', 'loaded', 'failed', 'failed')], noRestarts: true };
    b.dropClients();
    await until('the second list', () => b.calls.filter((c) => c === 'ListUnits').length === 2 && watcher!.ready);
    // systemd before 235 has no NRestarts: the unit is still listed, with 0.
    expect(watcher.units()).toEqual([{ name: 'nginx', state: 'failed', subState: 'failed', restarts: 0 }]);
  });

  it('retries with backoff while the bus refuses authentication or is absent', async () => {
    const b = await standin({ units: [], reject: true });
    const attempts: number[] = [];
    await expect(connectBus(b.path, () => {}, () => {})).rejects.toThrow(/refused authentication|closed/);
    watcher = new SystemdWatcher({ socketPath: b.path, log: createLogger('error'), retryMs: (n) => (attempts.push(n), 0) });
    watcher.start();
    await until('three retries', () => attempts.length >= 3);
    expect(attempts.slice(0, 3)).toEqual([0, 1, 2]);
    expect(watcher.ready).toBe(false);
    const absent = new SystemdWatcher({ socketPath: path.join(dir, 'none.sock'), log: createLogger('error'), retryMs: (n) => (attempts.push(100 + n), 0) });
    absent.start();
    await until('a retry on the absent socket', () => attempts.includes(100));
    absent.stop();
  });
});

import { existsSync } from 'node:fs';
import type { Logger } from '../log';
import { readText } from '../proc/read';
import { parseCgroupMounts } from '../containers/cgroup-layout';
import { ServiceReader } from './reader';
import { SystemdWatcher } from './systemd-watcher';
import { systemdHierarchy, type ServiceCgroups } from './unit-cgroup';

/** The system bus's socket, where dbus-daemon and dbus-broker put it. */
export const DEFAULT_BUS = '/run/dbus/system_bus_socket';

/**
 * The service reader for this host, or null when services are off or the
 * host shows no sign of systemd (no bus socket and no system.slice cgroup).
 * A configured bus path is followed even while absent; the default one only
 * if it exists at start. Without a bus the cgroup tree alone is read.
 */
export function serviceReader(configured: string | undefined, log: Logger, procRoot = '/proc'): { reader: ServiceReader; watcher: SystemdWatcher | null } | null {
  if (configured === 'off') return null;
  const text = readText(`${procRoot}/self/mounts`) ?? '';
  const cg: ServiceCgroups = { mounts: parseCgroupMounts(text), systemdV1: systemdHierarchy(text), slice: '/system.slice' };
  const socketPath = configured ?? (existsSync(DEFAULT_BUS) ? DEFAULT_BUS : undefined);
  const slice = [cg.mounts.v2, cg.systemdV1].some((root) => root !== null && existsSync(`${root}${cg.slice}`));
  if (!socketPath && !slice) return null;
  const watcher = socketPath ? new SystemdWatcher({ socketPath, log: log.child({ part: 'services' }) }) : null;
  watcher?.start();
  log.info('following services', socketPath ? { bus: socketPath } : { cgroups: 'system.slice, no bus' });
  return { reader: new ServiceReader(cg, watcher), watcher };
}

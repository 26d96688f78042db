import { existsSync } from 'node:fs';
import type { Logger } from '../log';
import { ContainerReader } from './reader';
import { ContainerWatcher } from './watcher';

/** Where engines put their API socket, in the order tried: Docker's, then Podman's rootful service. */
export const DEFAULT_SOCKETS = ['/var/run/docker.sock', '/run/podman/podman.sock'];

/**
 * The container reader for this host, or null when containers are off: a
 * configured socket is followed even while it is absent (the engine may start
 * later); without one, the first default socket that exists now is used.
 */
export function containerReader(configured: string | undefined, log: Logger): { reader: ContainerReader; watcher: ContainerWatcher } | null {
  if (configured === 'off') return null;
  const socketPath = configured ?? DEFAULT_SOCKETS.find((p) => existsSync(p));
  if (!socketPath) return null;
  const watcher = new ContainerWatcher({ socketPath, log: log.child({ part: 'containers' }) });
  watcher.start();
  log.info('following containers', { socket: socketPath });
  return { reader: new ContainerReader(watcher), watcher };
}

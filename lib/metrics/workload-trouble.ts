import type { Sample } from '@/lib/wire/contract';

/**
 * What the fleet row flags about what runs on a host (issue #14): containers
 * that are unhealthy, restarting or dead, and failed services, from the newest
 * sample. A container that simply exited is not flagged: a stopped container
 * is often deliberate (a finished job, a CI host's leftovers), and the alert
 * condition "container stopped" by name pattern covers the ones that must run.
 * Pure and client-safe.
 */
export interface WorkloadTrouble {
  /** How many containers need a look, and the first names. */
  containers: { count: number; names: string[] };
  services: { count: number; names: string[] };
}

/** Names carried per kind: the hint says "and N more" past them. */
export const NAMED = 3;

const troubled = (c: NonNullable<Sample['containers']>[number]) => c.health === 'unhealthy' || c.state === 'restarting' || c.state === 'dead';

export function workloadTrouble(s: Sample): WorkloadTrouble | null {
  const containers = (s.containers ?? []).filter(troubled).map((c) => c.name);
  const services = (s.services ?? []).filter((u) => u.state === 'failed').map((u) => u.name);
  if (containers.length === 0 && services.length === 0) return null;
  return {
    containers: { count: containers.length, names: containers.slice(0, NAMED) },
    services: { count: services.length, names: services.slice(0, NAMED) },
  };
}

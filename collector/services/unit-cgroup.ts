import { existsSync } from 'node:fs';
import { listDir, readText } from '../proc/read';
import { cgroupFiles, type CgroupFiles, type CgroupMounts, type Controller } from '../containers/cgroup-layout';

/**
 * Where a service's cgroup is: `<slice>/<name>.service` in each tree
 * (system.slice unless the test or the host says otherwise). Unlike a
 * container's, a unit's place is known from its name, so no /proc read is
 * needed; each v1 controller is used only where systemd made the unit a
 * directory in it (accounting on), else the v2 tree (cgroup v2, or the
 * hybrid layout's unified tree, which has cpu.stat without controllers).
 */
export interface ServiceCgroups {
  mounts: CgroupMounts;
  /** The v1 named hierarchy systemd keeps (name=systemd), when there is no v2 tree to read `cgroup.events` from. */
  systemdV1: string | null;
  /** The slice path inside each tree, "/system.slice". */
  slice: string;
}

const CONTROLLERS: Controller[] = ['cpuacct', 'memory'];

/** The name=systemd hierarchy's mount point from /proc/self/mounts, or null. */
export function systemdHierarchy(mountsText: string): string | null {
  for (const line of mountsText.split('\n')) {
    const f = line.split(' ');
    if (f[2] === 'cgroup' && f[3]?.split(',').includes('name=systemd')) return f[1]!.replace(/\\040/g, ' ');
  }
  return null;
}

/** The files a service row needs: CPU and memory (used and cache). Its limit, block I/O and pids are not shown, so not read. */
export function unitFiles(c: ServiceCgroups, name: string): CgroupFiles {
  const path = `${c.slice}/${name}.service`;
  const v1: Partial<Record<Controller, string>> = {};
  for (const k of CONTROLLERS) if (c.mounts.v1[k] && existsSync(`${c.mounts.v1[k]}${path}`)) v1[k] = path;
  const files = cgroupFiles(c.mounts, { v2: path, v1 });
  return { cpu: files.cpu, memory: files.memory && { ...files.memory, limit: null }, io: null, pids: null };
}

/**
 * Whether the unit's cgroup holds a process: `populated 1` in the v2 tree's
 * cgroup.events, else a non-empty cgroup.procs in the name=systemd hierarchy.
 * Null when the unit has no cgroup directory at all.
 */
export function populated(c: ServiceCgroups, name: string): boolean | null {
  const path = `${c.slice}/${name}.service`;
  if (c.mounts.v2) {
    const events = readText(`${c.mounts.v2}${path}/cgroup.events`);
    if (events !== null) return /^populated 1$/m.test(events);
  }
  if (c.systemdV1) {
    const procs = readText(`${c.systemdV1}${path}/cgroup.procs`);
    if (procs !== null) return procs.trim() !== '';
  }
  return null;
}

/** The services that have a cgroup directory under the slice (no D-Bus: what the cgroup tree alone says). */
export function sliceServices(c: ServiceCgroups): string[] {
  const root = c.mounts.v2 ?? c.systemdV1;
  if (!root) return [];
  return listDir(`${root}${c.slice}`)
    .filter((d) => d.endsWith('.service'))
    .map((d) => d.slice(0, -'.service'.length))
    .filter((n) => n !== '' && n.length <= 255);
}

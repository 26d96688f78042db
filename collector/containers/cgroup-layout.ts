import { readText } from '../proc/read';

/**
 * Where a container's cgroup files are. Three layouts exist: cgroup v2 alone
 * (one tree, usually at /sys/fs/cgroup), v1 (one tree per controller), and
 * hybrid (v1 controllers plus a v2 tree, often /sys/fs/cgroup/unified, that
 * holds no controllers but still has cpu.stat). Each value is read from the
 * v1 controller when it is mounted, else from the v2 tree. The container's
 * place in each tree comes from /proc/<pid>/cgroup of its init process, read
 * once when the container is inspected, not per sample.
 */
export type Controller = 'cpuacct' | 'memory' | 'blkio' | 'pids';
const CONTROLLERS: Controller[] = ['cpuacct', 'memory', 'blkio', 'pids'];

export interface CgroupMounts {
  /** Mount point of the v2 tree, or null. */
  v2: string | null;
  /** Mount point of each v1 controller. */
  v1: Partial<Record<Controller, string>>;
}

/** Mount points from /proc/self/mounts ("cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,cpu,cpuacct 0 0"). */
export function parseCgroupMounts(text: string): CgroupMounts {
  const out: CgroupMounts = { v2: null, v1: {} };
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    const where = f[1]!.replace(/\\040/g, ' ');
    if (f[2] === 'cgroup2') out.v2 ??= where;
    else if (f[2] === 'cgroup') {
      const opts = new Set(f[3]!.split(','));
      for (const c of CONTROLLERS) if (opts.has(c)) out.v1[c] ??= where;
    }
  }
  return out;
}

export function readCgroupMounts(procRoot = '/proc'): CgroupMounts {
  return parseCgroupMounts(readText(`${procRoot}/self/mounts`) ?? '');
}

export interface ProcCgroup {
  /** Path in the v2 tree ("0::/path"), or null. */
  v2: string | null;
  v1: Partial<Record<Controller, string>>;
}

/** /proc/<pid>/cgroup: "hierarchy-id:controllers:path" per line; the v2 line has id 0 and no controllers. */
export function parseProcCgroup(text: string): ProcCgroup {
  const out: ProcCgroup = { v2: null, v1: {} };
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (!path.startsWith('/')) continue;
    if (line.slice(0, a) === '0' && controllers === '') out.v2 = path;
    for (const c of controllers.split(',')) if ((CONTROLLERS as string[]).includes(c)) out.v1[c as Controller] = path;
  }
  return out;
}

/** The files one container's numbers are read from; null where this layout has none. */
export interface CgroupFiles {
  /** v1: cpuacct.usage (ns); v2: cpu.stat (usage_usec). */
  cpu: { path: string; v2: boolean } | null;
  /** `limit` null: not read (a service row shows no limit). */
  memory: { usage: string; limit: string | null; stat: string; v2: boolean } | null;
  /** v1: blkio.throttle.io_service_bytes; v2: io.stat. */
  io: { path: string; v2: boolean } | null;
  pids: string | null;
}

const join = (mount: string, path: string) => (path === '/' ? mount : `${mount}${path}`);

export function cgroupFiles(mounts: CgroupMounts, own: ProcCgroup): CgroupFiles {
  const v1 = (c: Controller) => (mounts.v1[c] && own.v1[c] ? join(mounts.v1[c]!, own.v1[c]!) : null);
  const v2 = mounts.v2 && own.v2 ? join(mounts.v2, own.v2) : null;
  const cpu1 = v1('cpuacct');
  const mem1 = v1('memory');
  const io1 = v1('blkio');
  const pids1 = v1('pids');
  return {
    cpu: cpu1 ? { path: `${cpu1}/cpuacct.usage`, v2: false } : v2 ? { path: `${v2}/cpu.stat`, v2: true } : null,
    memory: mem1
      ? { usage: `${mem1}/memory.usage_in_bytes`, limit: `${mem1}/memory.limit_in_bytes`, stat: `${mem1}/memory.stat`, v2: false }
      : mounts.v1.memory === undefined && v2
        ? { usage: `${v2}/memory.current`, limit: `${v2}/memory.max`, stat: `${v2}/memory.stat`, v2: true }
        : null,
    io: io1 ? { path: `${io1}/blkio.throttle.io_service_bytes`, v2: false } : mounts.v1.blkio === undefined && v2 ? { path: `${v2}/io.stat`, v2: true } : null,
    pids: pids1 ? `${pids1}/pids.current` : mounts.v1.pids === undefined && v2 ? `${v2}/pids.current` : null,
  };
}

/** The files of the container whose init process is `pid`, or null when the process is gone. */
export function filesOfPid(mounts: CgroupMounts, pid: number, procRoot = '/proc'): CgroupFiles | null {
  const text = readText(`${procRoot}/${pid}/cgroup`);
  return text === null ? null : cgroupFiles(mounts, parseProcCgroup(text));
}

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A private Podman for tests: its own storage root, run root and temp dir
 * under one temporary directory (so parallel runs and the machine's own
 * podman never clash), an image built offline from a busybox-static root
 * filesystem (`podman import` of a tarball), and `podman system service`
 * serving the Docker-compatible API on a socket in that directory.
 *
 * Runs with runc and the cgroupfs manager: crun fails on this machine's
 * hybrid cgroup layout and on rlimits, and there is no systemd. Missing
 * podman, runc or busybox is an error naming the package, never a skip.
 */
const run = promisify(execFile);

export const podmanBinary = process.env.HOSTWATCH_PODMAN ?? 'podman';
const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'];
export const IMAGE = 'localhost/hostwatch-busybox:test';

export interface Podman {
  dir: string;
  socket: string;
  /** podman with this instance's global flags. */
  podman(args: string[]): Promise<string>;
  /** `podman run -d` with the flags this machine needs; returns the container id. */
  runContainer(name: string, script: string, extra?: string[]): Promise<string>;
  /** The init pid of a running container. */
  pidOf(name: string): Promise<number>;
  stop(): Promise<void>;
}

function need(bin: string, pkg: string): void {
  const found = bin.startsWith('/') ? existsSync(bin) : (process.env.PATH ?? '').split(':').some((d) => existsSync(path.join(d, bin)));
  if (!found) throw new Error(`${bin} is not installed: apt-get install ${pkg} (scripts/install-test-deps.sh does this)`);
}

export async function startPodman(): Promise<Podman> {
  need(podmanBinary, 'podman');
  need('runc', 'runc');
  const busybox = BUSYBOX.find((p) => existsSync(p));
  if (!busybox) throw new Error('busybox is not installed: apt-get install busybox-static (scripts/install-test-deps.sh does this)');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-podman-'));
  const socket = path.join(dir, 'podman.sock');
  mkdirSync(path.join(dir, 'tmp'));
  // vfs: no overlay mount needed, which works in any sandbox.
  const flags = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'vfs', '--runtime', 'runc', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
  const podman = async (args: string[]) => (await run(podmanBinary, [...flags, ...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;

  // The image: busybox-static and its applets in an otherwise empty root.
  const rootfs = path.join(dir, 'rootfs');
  mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  mkdirSync(path.join(rootfs, 'tmp'));
  copyFileSync(busybox, path.join(rootfs, 'bin', 'busybox'));
  for (const applet of ['sh', 'sleep', 'head', 'cat', 'dd', 'true']) symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  const tarball = path.join(dir, 'rootfs.tar');
  await run('tar', ['-C', rootfs, '-cf', tarball, '.']);
  await podman(['import', '--quiet', tarball, IMAGE]);

  const service: ChildProcess = spawn(podmanBinary, [...flags, 'system', 'service', '--time=0', `unix://${socket}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  service.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => service.once('exit', (code) => reject(new Error(`podman system service exited (${code}): ${stderr}`))));
  // Poll for the socket to exist, bounded by count, not by time passing.
  for (let i = 0; !existsSync(socket); i++) {
    if (i > 200) throw new Error(`podman system service did not create ${socket}: ${stderr}`);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 50))]);
  }
  exited.catch(() => {});

  return {
    dir,
    socket,
    podman,
    runContainer: async (name, script, extra = []) =>
      (
        await podman(['run', '-d', '--name', name, '--network', 'none', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', ...extra, IMAGE, '/bin/sh', '-c', script])
      ).trim(),
    pidOf: async (name) => Number((await podman(['inspect', '--format', '{{.State.Pid}}', name])).trim()),
    stop: async () => {
      await podman(['rm', '--all', '--force', '--time', '0']).catch(() => '');
      if (service.exitCode === null) {
        const gone = new Promise((r) => service.once('exit', r));
        service.kill('SIGTERM');
        await gone;
      }
      // Not `podman system reset`: it would also remove the machine's networks. With the containers gone
      // nothing is mounted under the private root, and vfs layers are plain directories. Each container's conmon
      // runs `podman container cleanup` on this root as it exits, after `rm` has returned: wait for those first.
      for (let i = 0; i < 200 && processesNaming(dir) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** How many processes have `text` in their command line (this instance's conmons and podman calls name its root). */
function processesNaming(text: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(text)) count++;
    } catch {
      // exited meanwhile
    }
  }
  return count;
}

/** podman's human sizes ("101.5MB", "479.2kB", "1.2GiB") in bytes. */
export function parseHumanBytes(s: string): number {
  const m = /^([\d.]+)\s*([kMGT]?i?B)$/.exec(s.trim());
  if (!m) throw new Error(`not a size: ${s}`);
  const power: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };
  return Number(m[1]) * power[m[2]!]!;
}

/** A Go duration ("1.85711224s", "381.035424ms", "1m2.5s") in nanoseconds. */
export function parseGoDuration(s: string): number {
  const unit: Record<string, number> = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 };
  let total = 0;
  const re = /([\d.]+)(h|ms|us|µs|ns|m|s)/g;
  let matched = '';
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched += m[0];
  }
  if (matched !== s.trim() || matched === '') throw new Error(`not a duration: ${s}`);
  return total;
}

export interface PodmanStats {
  name: string;
  cpuTimeNs: number;
  memUsage: number;
  pids: number;
}

/** `podman stats --no-stream --format json` for one container. */
export async function podmanStats(p: Podman, name: string): Promise<PodmanStats> {
  const [s] = JSON.parse(await p.podman(['stats', '--no-stream', '--format', 'json', name])) as { name: string; cpu_time: string; mem_usage: string; pids: string }[];
  if (!s) throw new Error(`podman stats said nothing of ${name}`);
  return { name: s.name, cpuTimeNs: parseGoDuration(s.cpu_time), memUsage: parseHumanBytes(s.mem_usage.split('/')[0]!), pids: Number(s.pids) };
}

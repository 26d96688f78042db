import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Podman as this machine can run it, and a Node base image made offline.
 *
 * Image registries are out of reach here, so the official Node image cannot
 * be pulled: the base is assembled from this machine's own `node` binary, the
 * shared libraries it and better-sqlite3 load, and busybox-static for a shell
 * (the Dockerfile's RUN steps and health check need `sh`, `mkdir`, `chown`).
 * `podman import` turns that root file system into an image. crun fails on
 * this machine's hybrid cgroup layout, hence runc, cgroupfs and explicit
 * rlimits (README: container image).
 */
export const PODMAN = process.env.HOSTWATCH_PODMAN ?? 'podman';
export const PODMAN_GLOBAL = ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs'];
export const PODMAN_LIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

export function podman(args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): string {
  const r = spawnSync(PODMAN, [...PODMAN_GLOBAL, ...args], { encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000, cwd: opts.cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`podman ${args[0]}: ${r.error.message} (install podman and runc: scripts/install-test-deps.sh)`);
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The shared libraries an ELF file loads, by absolute path (ldd). */
function librariesOf(file: string): string[] {
  const out = execFileSync('ldd', [file], { encoding: 'utf8' });
  return [...out.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
}

function copyInto(rootfs: string, file: string): void {
  const target = path.join(rootfs, file);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(realpathSync(file), target);
  chmodSync(target, 0o755);
}

/**
 * Builds `name` (once per call) from this machine's node: same Node major and libc as the standalone build
 * the tests copy in, which `--target prebuilt` needs. `nativeModules` are ELF files whose libraries must be there too.
 */
export function buildNodeBaseImage(name: string, nativeModules: string[] = []): void {
  const busybox = process.env.HOSTWATCH_BUSYBOX ?? '/bin/busybox';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-rootfs-'));
  const rootfs = path.join(dir, 'rootfs');
  try {
    const node = realpathSync(process.execPath);
    const libs = new Set([node, ...nativeModules].flatMap(librariesOf));
    copyInto(rootfs, '/usr/bin/node');
    copyFileSync(node, path.join(rootfs, 'usr/bin/node'));
    for (const lib of libs) copyInto(rootfs, lib);
    copyInto(rootfs, '/bin/busybox');
    copyFileSync(busybox, path.join(rootfs, 'bin/busybox'));
    for (const applet of ['sh', 'mkdir', 'chown', 'chmod', 'ls', 'cat', 'env', 'wget']) symlinkSync('busybox', path.join(rootfs, 'bin', applet));
    for (const d of ['tmp', 'etc', 'usr/local/bin']) mkdirSync(path.join(rootfs, d), { recursive: true });
    chmodSync(path.join(rootfs, 'tmp'), 0o1777);
    writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nhostwatch:x:10001:10001::/tmp:/bin/sh\n');
    writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\nhostwatch:x:10001:\n');
    const tar = path.join(dir, 'rootfs.tar');
    execFileSync('tar', ['-C', rootfs, '-cf', tar, '.']);
    podman(['import', '--change', 'ENV PATH=/usr/local/bin:/usr/bin:/bin', '--change', 'CMD ["node"]', tar, name]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

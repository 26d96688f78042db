import { closeSync, openSync, readSync, readdirSync } from 'node:fs';

/**
 * Small-file reads for /proc and /sys in the sampling loop. One shared buffer
 * is reused across reads (the loop runs every second for the daemon's whole
 * life), and a file that vanished between listing and reading — a process that
 * exited, an interface that went away — is `null`, never an exception.
 */
let buf = Buffer.allocUnsafe(64 * 1024);

const GONE = new Set(['ENOENT', 'ESRCH', 'ENOTDIR', 'EACCES', 'EPERM', 'ENODEV', 'ENXIO', 'EINVAL', 'EIO']);

function isGone(err: unknown): boolean {
  return typeof err === 'object' && err !== null && GONE.has((err as NodeJS.ErrnoException).code ?? '');
}

export function readText(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
  try {
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      // /proc files report size 0, so read until EOF rather than trusting stat.
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return buf.toString('latin1', 0, len);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  } finally {
    closeSync(fd);
  }
}

export function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    if (isGone(err)) return [];
    throw err;
  }
}

/** Machine constants from the ELF auxiliary vector: exact, and no child process (getconf) needed. */
export function readAuxv(procRoot = '/proc'): { pageSize: number; clockTicks: number } {
  const out = { pageSize: 4096, clockTicks: 100 };
  let fd: number;
  try {
    fd = openSync(`${procRoot}/self/auxv`, 'r');
  } catch {
    return out;
  }
  try {
    const b = Buffer.alloc(4096);
    const n = readSync(fd, b, 0, b.length, null);
    for (let off = 0; off + 16 <= n; off += 16) {
      const type = Number(b.readBigUInt64LE(off));
      const value = Number(b.readBigUInt64LE(off + 8));
      if (type === 0) break;
      if (type === 6 && value > 0) out.pageSize = value; // AT_PAGESZ
      if (type === 17 && value > 0) out.clockTicks = value; // AT_CLKTCK
    }
  } catch {
    // keep the defaults: every mainstream Linux uses 4 KiB pages and USER_HZ 100
  } finally {
    closeSync(fd);
  }
  return out;
}

/**
 * Re-read a file through a descriptor kept open (pread at offset 0): one
 * syscall instead of three for files read every interval, like each
 * process's stat. `null` once the process behind it has exited.
 */
export function preadText(fd: number): string | null {
  try {
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, len);
      if (n === 0) break;
      len += n;
    }
    return buf.toString('latin1', 0, len);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

export function openOrNull(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

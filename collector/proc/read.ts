import { closeSync, openSync, readSync, readdirSync } from 'node:fs';

/**
 * Small-file reads for /proc and /sys in the sampling loop. One shared buffer
 * is reused across reads (the loop runs every second for the daemon's whole
 * life), and a file that vanished between listing and reading — a process that
 * exited, an interface that went away — is `null`, never an exception.
 */
let buf = Buffer.allocUnsafe(64 * 1024);

/** Doubles the shared buffer, keeping the first `len` bytes already read into it. */
function growBuffer(len: number): void {
  const bigger = Buffer.allocUnsafe(buf.length * 2);
  buf.copy(bigger, 0, 0, len);
  buf = bigger;
}

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
      if (len === buf.length) growBuffer(len);
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

/**
 * The first `maxBytes` of a file, or all of it if shorter; null when it is
 * gone. For files whose size the reader does not control (a command line can
 * be megabytes), so the shared buffer never grows for them past `maxBytes`.
 */
export function readTextPrefix(path: string, maxBytes: number): string | null {
  const fd = openOrNull(path);
  if (fd === null) return null;
  try {
    let len = 0;
    while (len < maxBytes) {
      if (len === buf.length) growBuffer(len);
      const n = readSync(fd, buf, len, Math.min(buf.length, maxBytes) - len, null);
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
  const len = preadBytes(fd);
  return len < 0 ? null : buf.toString('latin1', 0, len);
}

/**
 * Like preadText, but leaves the bytes in the shared buffer (`procBuffer()`)
 * and returns their length, or -1 once the file is gone: the caller parses in
 * place and decodes only the few slices it keeps. `singleRecord` is for files
 * the kernel renders in one piece (/proc/[pid]/stat, /proc/stat, meminfo,
 * loadavg, uptime, regular files): a read shorter than the room offered is
 * the whole file, which saves the second read that would only find the end.
 * Multi-record files (/proc/net/dev, diskstats) are seq_files: each read
 * fills the kernel's buffer (a page or more) with whole records and stops
 * only when the next one does not fit. A read that left more room than any
 * record needs was therefore the last, and one read usually does.
 */
/** The smallest seq_file buffer (a page) less the longest net/dev or diskstats line, with room to spare. */
const SEQ_LAST_READ = 4096 - 1024;

export function preadBytes(fd: number, singleRecord = false): number {
  try {
    let len = 0;
    for (;;) {
      if (len === buf.length) growBuffer(len);
      const room = buf.length - len;
      const n = readSync(fd, buf, len, room, len);
      len += n;
      if (n === 0 || (n < room && (singleRecord || n <= SEQ_LAST_READ))) return len;
    }
  } catch (err) {
    if (isGone(err)) return -1;
    throw err;
  }
}

/** The buffer the last preadBytes filled (it is replaced when a file outgrows it). */
export function procBuffer(): Buffer {
  return buf;
}

/**
 * A /proc or /sys file read every interval through one descriptor opened
 * once; reopened if it stops answering (a re-created interface directory,
 * say). Text is latin1: /proc is bytes, and latin1 maps each to one char.
 */
export class KeptFile {
  private fd = -1;

  constructor(
    readonly path: string,
    private readonly singleRecord: boolean,
  ) {}

  /** Length of the content now in procBuffer(), or -1 when the file is missing. */
  readBytes(): number {
    if (this.fd >= 0) {
      const len = preadBytes(this.fd, this.singleRecord);
      if (len >= 0) return len;
      this.close();
    }
    const fd = openOrNull(this.path);
    if (fd === null) return -1;
    this.fd = fd;
    const len = preadBytes(fd, this.singleRecord);
    if (len < 0) this.close();
    return len;
  }

  read(): string | null {
    const len = this.readBytes();
    return len < 0 ? null : buf.toString('latin1', 0, len);
  }

  close(): void {
    if (this.fd >= 0) closeQuietly(this.fd);
    this.fd = -1;
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

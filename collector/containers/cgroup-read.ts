import { readText } from '../proc/read';
import type { CgroupFiles } from './cgroup-layout';

/**
 * One reading of a container's cgroup counters: cumulative CPU time and block
 * I/O bytes (rates come from two readings), memory and pids as they are now.
 * A file the layout lacks reads as 0; `alive` is false when the CPU file is
 * gone, which means the cgroup was removed: the container stopped.
 */
export interface CgroupReading {
  alive: boolean;
  cpuNs: number;
  memUsage: number;
  /** 0: no limit. */
  memLimit: number;
  memCache: number;
  memInactiveFile: number;
  readBytes: number;
  writeBytes: number;
  pids: number;
}

/** v1's "no limit" is the largest page-aligned 64-bit value; anything past 2^53 is none in practice. */
const NO_LIMIT = 2 ** 53;

function int(text: string | null): number {
  if (text === null) return 0;
  const v = Number(text.trim());
  return Number.isFinite(v) && v >= 0 ? v : 0;
}

/**
 * "key value" lines (memory.stat, cpu.stat), only the keys asked for: each found where its line starts,
 * without splitting the text (this runs for every container; the daemon has no optimizing compiler).
 */
export function statKeys(text: string, keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const at = lineOf(text, `${k} `);
    if (at < 0) continue;
    const from = at + k.length + 1;
    const end = text.indexOf('\n', from);
    out[k] = int(text.slice(from, end < 0 ? text.length : end));
  }
  return out;
}

/** Where the line that starts with `head` starts, or -1. */
function lineOf(text: string, head: string): number {
  if (text.startsWith(head)) return 0;
  const at = text.indexOf(`\n${head}`);
  return at < 0 ? -1 : at + 1;
}

/** v1 blkio.throttle.io_service_bytes: "8:0 Read 4096" lines per device, then "Total". */
export function parseBlkio(text: string): { read: number; write: number } {
  return { read: sumAfter(text, ' Read '), write: sumAfter(text, ' Write ') };
}

/** The sum of the numbers that follow `marker` on each line that has it. */
function sumAfter(text: string, marker: string): number {
  let sum = 0;
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    const from = at + marker.length;
    const end = text.indexOf('\n', from);
    sum += int(text.slice(from, end < 0 ? text.length : end));
  }
  return sum;
}

/** v2 io.stat: "8:0 rbytes=4096 wbytes=0 rios=1 …" per device. */
export function parseIoStat(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const m of text.matchAll(/\b(rbytes|wbytes)=(\d+)/g)) {
    if (m[1] === 'rbytes') read += Number(m[2]);
    else write += Number(m[2]);
  }
  return { read, write };
}

const MEM_V1 = ['total_cache', 'total_inactive_file'] as const;
const MEM_V2 = ['file', 'inactive_file'] as const;

/** What readCgroup may carry over from an earlier reading instead of reading it again. */
export type SlowParts = Pick<CgroupReading, 'memLimit' | 'memCache' | 'memInactiveFile'>;

/**
 * `read` is readText unless the caller keeps the files open (proc/kept-files.ts).
 * With `carry`, the memory limit and memory.stat's figures are taken from it, not read:
 * memory.stat is the costliest file here (the kernel sums per-CPU counters into 30–40
 * lines for it) and changes slowly, and a limit changes only when someone changes it.
 */
export function readCgroup(files: CgroupFiles, read: (path: string) => string | null = readText, carry: SlowParts | null = null): CgroupReading {
  const out: CgroupReading = { alive: false, cpuNs: 0, memUsage: 0, memLimit: 0, memCache: 0, memInactiveFile: 0, readBytes: 0, writeBytes: 0, pids: 0 };
  if (files.cpu) {
    const text = read(files.cpu.path);
    if (text === null) return out;
    out.alive = true;
    out.cpuNs = files.cpu.v2 ? (statKeys(text, ['usage_usec']).usage_usec ?? 0) * 1000 : int(text);
  }
  const m = files.memory;
  if (m) {
    const usage = read(m.usage);
    out.memUsage = int(usage);
    if (carry) {
      out.memLimit = carry.memLimit;
      out.memCache = carry.memCache;
      out.memInactiveFile = carry.memInactiveFile;
    } else {
      const limitText = (m.limit === null ? null : read(m.limit))?.trim() ?? 'max';
      const limit = limitText === 'max' ? 0 : int(limitText);
      out.memLimit = limit >= NO_LIMIT ? 0 : limit;
      const keys = m.v2 ? MEM_V2 : MEM_V1;
      const stat = statKeys(read(m.stat) ?? '', keys);
      out.memCache = stat[keys[0]] ?? 0;
      out.memInactiveFile = stat[keys[1]] ?? 0;
    }
    // Without a cpu file (a layout without cpuacct and no v2 tree) the memory file says whether it lives.
    if (!files.cpu) out.alive = usage !== null;
  }
  if (files.io) {
    const text = read(files.io.path) ?? '';
    const io = files.io.v2 ? parseIoStat(text) : parseBlkio(text);
    out.readBytes = io.read;
    out.writeBytes = io.write;
  }
  if (files.pids) out.pids = int(read(files.pids));
  return out;
}


import { readText } from '../proc/read';

/** CAP_SYS_RAWIO (ATA pass-through) and CAP_SYS_ADMIN (NVMe admin commands), bit numbers from linux/capability.h. */
export const CAP_SYS_RAWIO = 17;
export const CAP_SYS_ADMIN = 21;

/** Whether this process's effective capabilities (`CapEff` in /proc/self/status) hold `bit`; root holds them all. */
export function hasCapability(bit: number, status: string | null = readText('/proc/self/status'), euid: number = process.geteuid?.() ?? -1): boolean {
  if (euid === 0) return true;
  const m = /^CapEff:\s*([0-9a-f]+)\s*$/im.exec(status ?? '');
  if (!m) return false;
  return ((BigInt(`0x${m[1]}`) >> BigInt(bit)) & 1n) === 1n;
}

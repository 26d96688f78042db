import os from 'node:os';
import * as si from 'systeminformation';
import type { StaticInventory } from './system-info';

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([p.catch(() => null), t]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Start-up inventory where there is no /proc: systeminformation answers,
 * spawning helpers (sw_vers, sysctl, wmic…), so each answer gets 8 s and the
 * Node view of the machine stands in for whatever did not come.
 */
export async function readFallbackInventory(): Promise<StaticInventory> {
  const [osInfo, cpu, sys] = await Promise.all([withTimeout(si.osInfo(), 8000), withTimeout(si.cpu(), 8000), withTimeout(si.system(), 8000)]);
  return {
    os: osInfo?.distro || os.type(),
    osVersion: osInfo?.release || os.release(),
    cpuModel: cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : (os.cpus()[0]?.model ?? ''),
    cores: cpu?.physicalCores || os.cpus().length,
    threads: cpu?.cores || os.cpus().length,
    virtualization: sys?.virtual ? sys.virtualHost || 'vm' : 'none',
  };
}

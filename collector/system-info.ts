import os from 'node:os';
import type { SystemInfo } from '../lib/wire/contract';
import { parseMeminfo } from './proc/meminfo';
import { readText } from './proc/read';
import { parseStat } from './proc/stat';
import { COLLECTOR_VERSION } from './version';

function osRelease(text: string | null): { name: string; version: string } {
  const vars = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) vars.set(line.slice(0, eq), line.slice(eq + 1).replace(/^"|"$/g, ''));
  }
  return { name: vars.get('NAME') ?? 'Linux', version: vars.get('VERSION_ID') ?? vars.get('VERSION') ?? '' };
}

export function parseCpuinfo(text: string): { model: string; cores: number; threads: number } {
  let model = '';
  let threads = 0;
  const cores = new Set<string>();
  let physical = '0';
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor') threads++;
    else if (key === 'physical id') physical = value;
    else if (key === 'core id') cores.add(`${physical}:${value}`);
    else if (!model && (key === 'model name' || key === 'Hardware' || key === 'cpu model' || key === 'Model')) model = value;
  }
  return { model, cores: cores.size || threads, threads };
}

/** Fields that can change while the collector runs are re-read on a timer; the rest come from start-up. */
export interface StaticInventory {
  os: string;
  osVersion: string;
  cpuModel: string;
  cores: number;
  threads: number;
  virtualization: string;
}

function cut(s: string, max: number): string {
  return s.slice(0, max);
}

/** The changeable part, cheap enough to re-read every minute. */
export function linuxSystemInfo(inv: StaticInventory, procRoot = '/proc'): SystemInfo {
  const mem = parseMeminfo(readText(`${procRoot}/meminfo`) ?? '');
  const btime = parseStat(readText(`${procRoot}/stat`) ?? '').btime;
  return systemInfoFrom(inv, mem.total, btime * 1000);
}

/** Hypervisor or container from DMI strings, the cpuinfo hypervisor flag and container markers; no helper processes. */
export function detectVirtualization(dmi: string, cpuinfo: string, containerHint: string): string {
  const d = dmi.toLowerCase();
  if (/docker|containerd|kubepods|lxc/.test(containerHint)) return /lxc/.test(containerHint) ? 'lxc' : 'container';
  const known: [RegExp, string][] = [
    [/amazon ec2|amazon/, 'aws'],
    [/google/, 'gce'],
    [/microsoft corporation.*virtual|hyper-v/, 'hyperv'],
    [/vmware/, 'vmware'],
    [/virtualbox|innotek/, 'virtualbox'],
    [/xen/, 'xen'],
    [/qemu|kvm|openstack|digitalocean|hetzner|bochs/, 'kvm'],
    [/parallels/, 'parallels'],
  ];
  for (const [re, name] of known) if (re.test(d)) return name;
  return / hypervisor( |$)/m.test(cpuinfo) ? 'vm' : 'none';
}

/**
 * Start-up inventory on Linux: the files answer everything, so no helper
 * process is spawned at all. Elsewhere collector/fallback-inventory.ts answers.
 */
export function readLinuxInventory(procRoot = '/proc'): StaticInventory {
  const rel = osRelease(readText('/etc/os-release') ?? readText('/usr/lib/os-release'));
  const cpuinfo = readText(`${procRoot}/cpuinfo`) ?? '';
  const cpu = parseCpuinfo(cpuinfo);
  const dmi = ['sys_vendor', 'product_name', 'bios_vendor'].map((f) => readText(`/sys/class/dmi/id/${f}`) ?? '').join(' ');
  const container = `${readText(`${procRoot}/1/cgroup`) ?? ''} ${readText('/.dockerenv') === null ? '' : 'docker'} ${readText('/run/systemd/container') ?? ''}`;
  return {
    os: rel.name,
    osVersion: rel.version,
    cpuModel: cpu.model || os.cpus()[0]?.model || '',
    cores: cpu.cores || os.cpus().length,
    threads: cpu.threads || os.cpus().length,
    virtualization: detectVirtualization(dmi, cpuinfo, container),
  };
}

/** The changeable part where there is no /proc: Node's own view of memory size and uptime. */
export function genericSystemInfo(inv: StaticInventory): SystemInfo {
  return systemInfoFrom(inv, os.totalmem(), Math.round(Date.now() - os.uptime() * 1000));
}

/** The system block from the static inventory and the two facts each platform reads its own way. */
function systemInfoFrom(inv: StaticInventory, memoryTotal: number, bootTime: number): SystemInfo {
  return {
    hostname: cut(os.hostname() || 'unknown', 255),
    os: cut(inv.os, 128),
    osVersion: cut(inv.osVersion, 128),
    kernel: cut(os.release(), 128),
    arch: cut(os.arch(), 32),
    cpuModel: cut(inv.cpuModel, 256),
    cores: inv.cores,
    threads: inv.threads,
    memoryTotal,
    bootTime,
    virtualization: cut(inv.virtualization, 64),
    collectorVersion: cut(COLLECTOR_VERSION, 64),
  };
}

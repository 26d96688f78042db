import type { Sample } from '@/lib/wire/contract';
import { MAX_LOAD } from '@/lib/wire/limits';
import { batteryEntities, driveEntities, fanEntities, gpuEntities } from './device-entities';
import type { FamilyDef } from './family-def';

/**
 * The series families of what runs on a host and what it is built of (issue #14): containers, systemd
 * services, GPUs, drives' health, fans and batteries. Part of the series registry (registry.ts spreads
 * them into FAMILIES; everything else derives from there), kept apart so the registry file stays the
 * host's own totals and the rules every family shares. Pure.
 */

function containerEntities(s: Sample): { key: string; values: Record<string, number> }[] {
  const out: { key: string; values: Record<string, number> }[] = [];
  for (const c of s.containers ?? []) {
    if (c.state !== 'running') continue;
    out.push({
      key: c.name,
      values: { 'ctr.cpu': c.cpuPct, 'ctr.mem': c.memUsed, 'ctr.rx': c.netRxBps, 'ctr.tx': c.netTxBps, 'ctr.read': c.blkReadBps, 'ctr.write': c.blkWriteBps, 'ctr.pids': Math.min(c.pids, MAX_LOAD) },
    });
  }
  return out;
}

/** Running services only: a stopped or failed one keeps its state in the latest sample, not in history. */
function serviceEntities(s: Sample): { key: string; values: Record<string, number> }[] {
  const out: { key: string; values: Record<string, number> }[] = [];
  for (const v of s.services ?? []) {
    if (v.state !== 'active' && v.state !== 'reloading' && v.state !== 'deactivating') continue;
    out.push({ key: v.name, values: { 'svc.cpu': v.cpuPct, 'svc.mem': v.memUsed } });
  }
  return out;
}

export const HOST_FAMILIES = {
  containers: {
    entity: 'container',
    title: 'Containers',
    group: 'containers',
    cap: 256,
    metrics: {
      'ctr.cpu': { label: 'CPU', unit: 'pct', chart: 'CPU (share of the machine)' },
      'ctr.mem': { label: 'Memory used', unit: 'bytes', chart: 'Memory' },
      'ctr.rx': { label: 'Received', unit: 'rate', chart: 'Network' },
      'ctr.tx': { label: 'Sent', unit: 'rate', chart: 'Network' },
      'ctr.read': { label: 'Read', unit: 'rate', chart: 'Block I/O' },
      'ctr.write': { label: 'Write', unit: 'rate', chart: 'Block I/O' },
      'ctr.pids': { label: 'Processes', unit: 'number', chart: 'Processes' },
    },
    /*
     * By name, which survives a re-create (compose, a redeploy) where the id does not.
     * Only running containers have series: a stopped one keeps its state in the latest
     * sample, and after raw retention without a value its series may give up their slot
     * (the family's cap), so a CI host's thousands of short-lived containers stay bounded.
     */
    entities: containerEntities,
  },
  services: {
    entity: 'service',
    title: 'Services',
    group: 'services',
    cap: 256,
    metrics: {
      'svc.cpu': { label: 'CPU', unit: 'pct', chart: 'CPU (share of the machine)' },
      'svc.mem': { label: 'Memory used', unit: 'bytes', chart: 'Memory' },
    },
    // By unit name without ".service"; a host's services are few and stable, the cap bounds the rest.
    entities: serviceEntities,
  },
  /*
   * Devices (issue #14): GPUs, drives' SMART health, fans and batteries, one series per
   * device and reading (lib/metrics/device-entities.ts). States (drive verdict, battery
   * status) stay in the latest sample. Watts, MHz and RPM are `number`s kept to 1/100.
   */
  gpus: {
    entity: 'GPU',
    title: 'GPUs',
    group: 'devices',
    cap: 16,
    metrics: {
      'gpu.util': { label: 'Utilisation', unit: 'pct', chart: 'Utilisation' },
      'gpu.mem': { label: 'Memory used', unit: 'bytes', chart: 'Memory used' },
      'gpu.temp': { label: 'Temperature', unit: 'celsius', chart: 'Temperature' },
      'gpu.power': { label: 'Power (W)', unit: 'number', chart: 'Power (W)' },
      'gpu.clock': { label: 'Core clock (MHz)', unit: 'number', chart: 'Core clock (MHz)' },
    },
    entities: gpuEntities,
  },
  drives: {
    entity: 'drive',
    title: 'Disk health',
    group: 'devices',
    cap: 64,
    metrics: {
      'drive.temp': { label: 'Temperature', unit: 'celsius', chart: 'Drive temperature' },
      'drive.used': { label: 'Endurance used', unit: 'pct', chart: 'Endurance used (NVMe)' },
      'drive.realloc': { label: 'Reallocated sectors', unit: 'number', chart: 'Reallocated and pending sectors' },
      'drive.pending': { label: 'Pending sectors', unit: 'number', chart: 'Reallocated and pending sectors' },
    },
    entities: driveEntities,
  },
  fans: {
    entity: 'fan',
    title: 'Fans',
    group: 'devices',
    cap: 64,
    metrics: { 'fan.rpm': { label: 'Speed (RPM)', unit: 'number', chart: 'Fan speed (RPM)' } },
    entities: fanEntities,
  },
  batteries: {
    entity: 'battery',
    title: 'Batteries',
    group: 'devices',
    cap: 8,
    metrics: {
      'bat.charge': { label: 'Charge', unit: 'pct', chart: 'Charge' },
      'bat.power': { label: 'Power (W)', unit: 'number', chart: 'Charge or discharge power (W)' },
    },
    entities: batteryEntities,
  },
} as const satisfies Record<string, FamilyDef>;

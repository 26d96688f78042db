import { FAMILIES, FAMILY_NAMES, METRICS, METRIC_NAMES, type FamilyName, type MetricName, type Unit } from '@/lib/metrics/registry';

/**
 * The exporters' registry: one entry per series-registry metric and family
 * (lib/metrics/registry.ts), typed so a new registry entry does not compile
 * until it has its Prometheus name here. An entry gives only the name's stem;
 * the unit suffix comes from the registry's unit, by Prometheus conventions:
 * base units (bytes, seconds), percent stated in the name, rates as
 * `_per_second` gauges (Hostwatch stores rates, not counters, so nothing of a
 * host's is `_total`). The exposition and remote write both read NAMED_SERIES.
 */

interface ExportEntry {
  /** The name between `hostwatch_` and the unit suffix. */
  stem: string;
}

interface FamilyExport<F extends FamilyName> {
  /** The label naming the entity: `mount="/var"`, `device="sda"`. */
  label: string;
  metrics: Record<keyof (typeof FAMILIES)[F]['metrics'], ExportEntry>;
}

export const PREFIX = 'hostwatch_';

export const SCALAR_EXPORTS = {
  'cpu.total': { stem: 'cpu_usage' },
  'cpu.user': { stem: 'cpu_user' },
  'cpu.system': { stem: 'cpu_system' },
  'cpu.iowait': { stem: 'cpu_iowait' },
  'cpu.steal': { stem: 'cpu_steal' },
  'load.1': { stem: 'load1' },
  'load.5': { stem: 'load5' },
  'load.15': { stem: 'load15' },
  'mem.used': { stem: 'memory_used' },
  'mem.available': { stem: 'memory_available' },
  'mem.cached': { stem: 'memory_cached' },
  'swap.used': { stem: 'swap_used' },
  'swap.total': { stem: 'swap_size' },
  // The host's totals; the per-device series are the disks and interfaces families (no shared name: sum() stays honest).
  'disk.read': { stem: 'disk_total_read' },
  'disk.write': { stem: 'disk_total_written' },
  'net.rx': { stem: 'network_total_receive' },
  'net.tx': { stem: 'network_total_transmit' },
  'temp.max': { stem: 'temperature_max' },
  'cpu.ctxt': { stem: 'context_switches' },
  'cpu.intr': { stem: 'interrupts' },
} as const satisfies Record<MetricName, ExportEntry>;

export const FAMILY_EXPORTS: { [F in FamilyName]: FamilyExport<F> } = {
  filesystems: { label: 'mount', metrics: { fs: { stem: 'filesystem_used' }, 'fs.inodes': { stem: 'filesystem_inodes_used' } } },
  disks: {
    label: 'device',
    metrics: {
      'disk.read': { stem: 'disk_read' },
      'disk.write': { stem: 'disk_written' },
      'disk.reads': { stem: 'disk_reads' },
      'disk.writes': { stem: 'disk_writes' },
      'disk.busy': { stem: 'disk_busy' },
    },
  },
  interfaces: {
    label: 'interface',
    metrics: {
      'net.rx': { stem: 'network_receive' },
      'net.tx': { stem: 'network_transmit' },
      'net.rxp': { stem: 'network_receive_packets' },
      'net.txp': { stem: 'network_transmit_packets' },
      'net.rxerr': { stem: 'network_receive_errors' },
      'net.txerr': { stem: 'network_transmit_errors' },
      'net.rxdrop': { stem: 'network_receive_drops' },
      'net.txdrop': { stem: 'network_transmit_drops' },
    },
  },
  sensors: { label: 'sensor', metrics: { temp: { stem: 'temperature' } } },
  cores: { label: 'core', metrics: { 'cpu.core': { stem: 'cpu_core_usage' } } },
  containers: {
    label: 'container',
    metrics: {
      'ctr.cpu': { stem: 'container_cpu_usage' },
      'ctr.mem': { stem: 'container_memory_used' },
      'ctr.rx': { stem: 'container_network_receive' },
      'ctr.tx': { stem: 'container_network_transmit' },
      'ctr.read': { stem: 'container_block_read' },
      'ctr.write': { stem: 'container_block_written' },
      'ctr.pids': { stem: 'container_processes' },
    },
  },
  services: {
    label: 'service',
    metrics: {
      'svc.cpu': { stem: 'service_cpu_usage' },
      'svc.mem': { stem: 'service_memory_used' },
    },
  },
  gpus: {
    label: 'gpu',
    metrics: {
      'gpu.util': { stem: 'gpu_utilisation' },
      'gpu.mem': { stem: 'gpu_memory_used' },
      'gpu.temp': { stem: 'gpu_temperature' },
      'gpu.power': { stem: 'gpu_power_watts' },
      'gpu.clock': { stem: 'gpu_clock_mhz' },
    },
  },
  drives: {
    label: 'device',
    metrics: {
      'drive.temp': { stem: 'drive_temperature' },
      'drive.used': { stem: 'drive_endurance_used' },
      'drive.realloc': { stem: 'drive_reallocated_sectors' },
      'drive.pending': { stem: 'drive_pending_sectors' },
    },
  },
  fans: { label: 'fan', metrics: { 'fan.rpm': { stem: 'fan_speed_rpm' } } },
  batteries: { label: 'battery', metrics: { 'bat.charge': { stem: 'battery_charge' }, 'bat.power': { stem: 'battery_power_watts' } } },
};

/** The unit part of a name, from the registry's unit (see the header). */
export function unitSuffix(def: { unit: Unit; display?: Unit; perSecond?: true }): string {
  switch (def.unit) {
    case 'pct':
      return '_percent';
    case 'bytes':
      return '_bytes';
    case 'celsius':
      return '_celsius';
    case 'rate':
      // Stored like byte rates, shown as counts: operations, packets, context switches per second.
      return def.display === 'number' ? '_per_second' : '_bytes_per_second';
    case 'number':
      return def.perSecond ? '_per_second' : '';
  }
}

export interface NamedSeries {
  /** The Prometheus metric name, `hostwatch_cpu_usage_percent`. */
  name: string;
  help: string;
  /** The registry's key: a scalar metric name, or a family metric id. */
  key: string;
  unit: Unit;
  family: FamilyName | null;
  /** The entity label of a family's series. */
  entityLabel: string | null;
}

const UNIT_WORDS: Record<Unit, string> = { pct: 'percent', bytes: 'bytes', rate: 'per second', number: 'a number', celsius: 'degrees Celsius' };

/** "Disk read per disk, per second; latest value of Hostwatch series disk.read:<disk>." */
function helpOf(label: string, unit: Unit, key: string, entity?: string): string {
  return `${label}${entity ? ` per ${entity}` : ''}, ${UNIT_WORDS[unit]}; latest value of Hostwatch series ${key}${entity ? `:<${entity}>` : ''}.`;
}

/** Every exported host series, scalars first, in registry order. */
export const NAMED_SERIES: readonly NamedSeries[] = [
  ...METRIC_NAMES.map((key): NamedSeries => {
    const def = METRICS[key];
    return { name: PREFIX + SCALAR_EXPORTS[key].stem + unitSuffix(def), help: helpOf(def.label, def.unit, key), key, unit: def.unit, family: null, entityLabel: null };
  }),
  ...FAMILY_NAMES.flatMap((family) => {
    const fam = FAMILIES[family];
    const exp = FAMILY_EXPORTS[family] as FamilyExport<FamilyName>;
    return Object.entries(fam.metrics).map(([key, def]): NamedSeries => {
      const stem = (exp.metrics as Record<string, ExportEntry>)[key]!.stem;
      return { name: PREFIX + stem + unitSuffix(def), help: helpOf(def.label, def.unit, key, fam.entity), key, unit: def.unit, family, entityLabel: exp.label };
    });
  }),
];

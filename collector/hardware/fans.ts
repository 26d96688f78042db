import type { Fan } from '@/lib/wire/hardware';
import { MAX_FANS, MAX_PHYSICAL } from '@/lib/wire/limits';
import { listDir } from '../proc/read';
import { sysfsNumber, sysfsWord } from './sysfs-num';

/**
 * Fans from hwmon: every `fan<N>_input` (RPM) under /sys/class/hwmon, named
 * `<chip>/<fan<N>_label or fan<N>>`. Discovered rarely, read each sample (one
 * small file per fan). A fan whose file reads nothing this time (EIO from a
 * disconnected header) is left out of that sample rather than reported as 0.
 */

export interface FanInput {
  label: string;
  path: string;
}

export function discoverFans(sysRoot = '/sys'): FanInput[] {
  const hwmon = `${sysRoot}/class/hwmon`;
  const out: FanInput[] = [];
  const seen = new Set<string>();
  for (const h of listDir(hwmon).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const dir = `${hwmon}/${h}`;
    const chip = sysfsWord(`${dir}/name`, 48) || h;
    const inputs = listDir(dir)
      .map((f) => /^fan(\d+)_input$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    for (const m of inputs) {
      if (out.length >= MAX_FANS) return out;
      const n = m[1]!;
      let label = `${chip}/${sysfsWord(`${dir}/fan${n}_label`, 64) || `fan${n}`}`;
      // Two chips of one name (two nct6775) keep their fans apart.
      if (seen.has(label)) label = `${label} (${h})`;
      seen.add(label);
      out.push({ label, path: `${dir}/${m[0]}` });
    }
  }
  return out;
}

export function readFans(fans: readonly FanInput[]): Fan[] {
  const out: Fan[] = [];
  for (const f of fans) {
    const rpm = sysfsNumber(f.path);
    if (rpm !== undefined) out.push({ label: f.label, rpm: Math.min(rpm, MAX_PHYSICAL) });
  }
  return out;
}

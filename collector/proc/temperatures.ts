import type { Temperature } from '../../lib/wire/contract';
import { listDir, readText } from './read';

export interface Sensor {
  label: string;
  path: string;
}

/** Millidegrees as written by hwmon and thermal zones; nonsense readings (missing probe: -273, 255…) are dropped. */
export function parseMilliCelsius(text: string | null): number | null {
  if (text === null) return null;
  const v = Number.parseInt(text.trim(), 10);
  if (!Number.isFinite(v)) return null;
  const c = v / 1000;
  return c > -100 && c < 200 ? Math.round(c * 10) / 10 : null;
}

/**
 * Finds the temperature inputs under a sysfs root once; reading them is then
 * one small file each. Thermal zones already exposed through hwmon are not
 * listed twice.
 */
export function discoverSensors(sysRoot = '/sys'): Sensor[] {
  const sensors: Sensor[] = [];
  const hwmonNames = new Set<string>();
  const hwmonDir = `${sysRoot}/class/hwmon`;
  for (const hw of listDir(hwmonDir).sort()) {
    const base = `${hwmonDir}/${hw}`;
    const chip = readText(`${base}/name`)?.trim() || hw;
    hwmonNames.add(chip);
    const inputs = listDir(base)
      .filter((f) => /^temp\d+_input$/.test(f))
      .sort((a, b) => Number.parseInt(a.slice(4), 10) - Number.parseInt(b.slice(4), 10));
    for (const input of inputs) {
      const n = input.slice(0, input.indexOf('_'));
      const label = readText(`${base}/${n}_label`)?.trim() || n;
      sensors.push({ label: `${chip} ${label}`.slice(0, 128), path: `${base}/${input}` });
    }
  }
  const thermalDir = `${sysRoot}/class/thermal`;
  for (const zone of listDir(thermalDir).filter((z) => z.startsWith('thermal_zone')).sort()) {
    const type = readText(`${thermalDir}/${zone}/type`)?.trim() || zone;
    if (hwmonNames.has(type)) continue;
    sensors.push({ label: type.slice(0, 128), path: `${thermalDir}/${zone}/temp` });
  }
  return sensors;
}

export function readTemperatures(sensors: Sensor[]): Temperature[] {
  const out: Temperature[] = [];
  for (const s of sensors) {
    const c = parseMilliCelsius(readText(s.path));
    if (c !== null) out.push({ label: s.label, celsius: c });
  }
  return out;
}

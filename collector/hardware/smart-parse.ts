import type { Drive } from '@/lib/wire/hardware';
import { MAX_COUNT } from '@/lib/wire/limits';

/**
 * smartctl's JSON (`smartctl -j -i -H -A /dev/X`, smartmontools 7+) → a
 * drive's health. Read: smart_status.passed (the overall verdict), model_name,
 * temperature.current, power_on_time.hours, ATA attributes 5
 * (Reallocated_Sector_Ct) and 197 (Current_Pending_Sector) by raw value, and
 * for NVMe the health log's percentage_used and media_errors. Never read: the
 * serial number, WWN or any other identifier — they are not sent anywhere.
 * The output is a child's stdout, so hostile: every field is checked. Pure.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);

function whole(v: unknown, max = MAX_COUNT): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : undefined;
}

function attributeRaw(table: unknown, id: number): number | undefined {
  if (!Array.isArray(table)) return undefined;
  for (const row of table.slice(0, 256)) {
    const r = obj(row);
    if (r?.id === id) return whole(obj(r.raw)?.value);
  }
  return undefined;
}

/** The drive as smartctl described it; null when the output is not smartctl JSON at all. */
export function parseSmartctl(device: string, stdout: string, checkedAt: number): Drive | null {
  let root: Json | undefined;
  try {
    root = obj(JSON.parse(stdout));
  } catch {
    return null;
  }
  if (!root || !obj(root.smartctl)) return null;
  const status = obj(root.smart_status);
  const passed = status?.passed;
  const model = typeof root.model_name === 'string' ? root.model_name.slice(0, 128) : '';
  const drive: Drive = { device, model, source: 'smart', health: passed === true ? 'passed' : passed === false ? 'failed' : 'unknown', checkedAt };
  const nvme = obj(root.nvme_smart_health_information_log);
  const temp = obj(root.temperature)?.current ?? nvme?.temperature;
  if (typeof temp === 'number' && Number.isFinite(temp) && temp >= -100 && temp <= 200) drive.celsius = temp;
  const hours = whole(obj(root.power_on_time)?.hours) ?? whole(nvme?.power_on_hours);
  if (hours !== undefined) drive.powerOnHours = hours;
  const table = obj(root.ata_smart_attributes)?.table;
  const reallocated = attributeRaw(table, 5);
  const pending = attributeRaw(table, 197);
  if (reallocated !== undefined) drive.reallocated = reallocated;
  if (pending !== undefined) drive.pending = pending;
  const used = whole(nvme?.percentage_used, 255);
  const mediaErrors = whole(nvme?.media_errors);
  if (used !== undefined) drive.percentUsed = used;
  if (mediaErrors !== undefined) drive.mediaErrors = mediaErrors;
  return drive;
}

import type { ReactNode } from 'react';
import { formatBytes, formatCelsius, formatDuration, formatPct } from '@/lib/format';
import { batteryTone, driveHealthText, driveTone, formatHours, formatMhz, formatRpm, formatWatts, orDash, type DeviceFamily, type Tone } from '@/lib/ui/devices';
import type { Sample } from '@/lib/wire/contract';

export const TONE: Record<Tone, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  warn: 'text-amber-700 dark:text-amber-400',
  bad: 'text-red-700 dark:text-red-400',
  idle: 'text-zinc-500 dark:text-zinc-400',
};

export interface DeviceRow {
  /** The entity key of the family's series (nvidia0, sda, nct6775/fan1, BAT0). */
  key: string;
  /** Shown in the first column (the pick button). */
  name: string;
  title?: string;
  cells: ReactNode[];
}

export interface DeviceTable {
  columns: string[];
  rows: (s: Sample) => DeviceRow[];
}

const pct = (v: number | undefined) => orDash(v, (n) => formatPct(n));
const c = (v: number | undefined) => orDash(v, formatCelsius);
const toned = (tone: Tone, text: string) => <span className={TONE[tone]}>{text}</span>;

/** Each device family's table: its columns after the name, and a row per device of the newest sample. */
export const DEVICE_TABLES: Record<DeviceFamily, DeviceTable> = {
  gpus: {
    columns: ['Utilisation', 'Memory', 'Temperature', 'Power', 'Clocks'],
    rows: (s) =>
      (s.gpus ?? []).map((g) => ({
        key: g.id,
        name: g.name || g.id,
        title: `${g.id} (${g.vendor})`,
        cells: [
          pct(g.utilPct),
          g.memUsed === undefined ? '—' : `${formatBytes(g.memUsed)}${g.memTotal ? ` / ${formatBytes(g.memTotal)}` : ''}`,
          c(g.celsius),
          orDash(g.powerW, formatWatts),
          [g.coreMhz, g.memMhz].every((v) => v === undefined) ? '—' : `${orDash(g.coreMhz, formatMhz)} · mem ${orDash(g.memMhz, formatMhz)}`,
        ],
      })),
  },
  drives: {
    columns: ['Model', 'Health', 'Temperature', 'Powered on', 'Reallocated', 'Pending', 'Wear (NVMe)', 'Media errors'],
    rows: (s) =>
      (s.drives ?? []).map((d) => ({
        key: d.device,
        name: d.device,
        cells: [
          <span key="m" className="font-mono text-xs">{d.model || '—'}</span>,
          toned(driveTone(d), driveHealthText(d)),
          c(d.celsius),
          orDash(d.powerOnHours, formatHours),
          orDash(d.reallocated, String),
          orDash(d.pending, String),
          orDash(d.percentUsed, (n) => `${n} %`),
          orDash(d.mediaErrors, String),
        ],
      })),
  },
  fans: {
    columns: ['Speed'],
    rows: (s) => (s.fans ?? []).map((f) => ({ key: f.label, name: f.label, cells: [f.rpm === 0 ? toned('warn', 'stopped (0 RPM)') : formatRpm(f.rpm)] })),
  },
  batteries: {
    columns: ['Charge', 'Status', 'Power', 'Time left', 'Health', 'Cycles'],
    rows: (s) =>
      (s.batteries ?? []).map((b) => ({
        key: b.name,
        name: b.name,
        cells: [
          toned(batteryTone(b), formatPct(b.capacityPct, 0)),
          b.status,
          orDash(b.powerW, formatWatts),
          orDash(b.secondsLeft, (sec) => formatDuration(sec * 1000)),
          orDash(b.healthPct, (n) => formatPct(n, 0)),
          orDash(b.cycles, String),
        ],
      })),
  },
};

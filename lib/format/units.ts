/**
 * Numbers as people read them on a dashboard: binary byte units (KiB, MiB),
 * rates per second, percentages, temperatures and load. Pure and
 * client-safe; every chart axis, tooltip and table cell goes through here so
 * that one value always reads the same everywhere.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Up to three significant digits, without trailing zeros ("1.5", "12.3", "512"). */
function compact(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(n.toFixed(digits)));
}

/** 1536 → "1.5 KiB". Null and non-finite values read as an em dash. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.9 KiB rounds to "1024 KiB"; move up instead.
  if (Math.abs(Number(value.toFixed(0))) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${compact(value)} ${BYTE_UNITS[unit]}`;
}

/** Bytes per second: 1572864 → "1.5 MiB/s". */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  const bytes = formatBytes(bytesPerSecond);
  return bytes === '—' ? bytes : `${bytes}/s`;
}

/** 42.123 → "42.1 %"; values under 10 keep one decimal too ("3.4 %"). */
export function formatPct(n: number | null | undefined, decimals = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${Number(n.toFixed(decimals))} %`;
}

export function formatCelsius(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${Number(n.toFixed(1))} °C`;
}

/** Load averages and other plain quantities: two decimals under 10, fewer above. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return compact(n);
}

export type UnitKind = 'bytes' | 'rate' | 'pct' | 'celsius' | 'number';

export const FORMATTERS: Record<UnitKind, (n: number | null | undefined) => string> = {
  bytes: formatBytes,
  rate: formatRate,
  pct: (n) => formatPct(n),
  celsius: formatCelsius,
  number: formatNumber,
};

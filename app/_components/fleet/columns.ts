import type { SortKey } from '@/lib/ui/fleet';

/**
 * The fleet's columns, in order: the table's headers and the phone's sort
 * select are both made from this list, so every column sorts in both.
 * `wide` columns show only where the table has room for them (xl, ≥ 1280 px).
 */
export const FLEET_COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean; wide?: boolean }[] = [
  { key: 'name', label: 'Host' },
  { key: 'status', label: 'Status' },
  { key: 'os', label: 'OS', wide: true },
  { key: 'uptime', label: 'Uptime', numeric: true, wide: true },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'mem', label: 'Memory', numeric: true },
  { key: 'disk', label: 'Disk', numeric: true },
  { key: 'rx', label: 'Net in', numeric: true },
  { key: 'tx', label: 'Net out', numeric: true },
  { key: 'load', label: 'Load', numeric: true },
];

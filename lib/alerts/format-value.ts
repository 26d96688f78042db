import { FORMATTERS } from '@/lib/format/units';
import type { Signal } from './signal-types';

/** A signal's value as the dashboard writes it ("93.1 %", "1.5 MiB/s"), plus what is counted when the unit does not say ("3 errors/s"). */
export function formatValue(signal: Pick<Signal, 'unit' | 'suffix'>, value: number | null | undefined): string {
  const text = FORMATTERS[signal.unit](value);
  return signal.suffix && text !== '—' ? `${text} ${signal.suffix}` : text;
}

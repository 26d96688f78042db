/**
 * How full is too full: the one definition of the usage thresholds for CPU,
 * memory and disk percentages, read by the host page's filesystem bars and
 * the fleet's table and cards alike. Client-safe and pure.
 */

export type UsageLevel = 'ok' | 'warn' | 'critical';

/** From `warn` % a usage is high (amber), from `critical` % it is critical (red). */
export const USAGE_THRESHOLDS = { warn: 75, critical: 90 } as const;

/** The level of a usage percentage; null when there is no value to judge. */
export function usageLevel(pct: number | null | undefined): UsageLevel | null {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return null;
  if (pct >= USAGE_THRESHOLDS.critical) return 'critical';
  if (pct >= USAGE_THRESHOLDS.warn) return 'warn';
  return 'ok';
}

/**
 * Each level in words and as a symbol, so it never rests on colour alone:
 * the symbol is drawn beside the number, the words go to screen readers and
 * the tooltip.
 */
export const USAGE_LEVEL_TEXT: Record<UsageLevel, { words: string; symbol: string }> = {
  ok: { words: '', symbol: '' },
  warn: { words: `high (${USAGE_THRESHOLDS.warn} % or more)`, symbol: '▲' },
  critical: { words: `critical (${USAGE_THRESHOLDS.critical} % or more)`, symbol: '■' },
};

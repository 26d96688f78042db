import { CHART_METRICS, CHART_POINTS } from '@/lib/ui/chart-specs';
import { apiRangeQuery, PRESET_KEYS, PRESETS, type PresetKey, type RangeSelection } from '@/lib/ui/range';

/**
 * The share viewer's range picker: only presets within the link's allowed
 * history. The server clamps whatever is asked; this keeps the picker from
 * offering what it would not get.
 */
export function sharePresets(maxRangeMs: number): PresetKey[] {
  return PRESET_KEYS.filter((k) => PRESETS[k] <= maxRangeMs);
}

/** A preset longer than the link allows (from an edited URL) becomes the longest one it does allow. */
export function allowedSelection(sel: RangeSelection, maxRangeMs: number): RangeSelection {
  if (sel.kind !== 'preset' || PRESETS[sel.key] <= maxRangeMs) return sel;
  const allowed = sharePresets(maxRangeMs);
  return allowed.length > 0 ? { kind: 'preset', key: allowed.at(-1)! } : { kind: 'live' };
}

/** The query of a series request for the charts (the share API's base is added by the caller). */
export function shareSeriesQuery(sel: RangeSelection): string {
  return `metrics=${CHART_METRICS.join(',')}&${apiRangeQuery(sel)}&points=${CHART_POINTS}`;
}

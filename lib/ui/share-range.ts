import { PRESET_KEYS, PRESETS, type PresetKey, type RangeSelection } from '@/lib/ui/range';

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

/** A share link's series endpoint for one host. */
export const shareSeriesBase = (token: string, hostId: string) => `/api/v1/share/${encodeURIComponent(token)}/hosts/${encodeURIComponent(hostId)}/series`;

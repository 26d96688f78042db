/**
 * Which series of a chart the user hid from its legend. A set of metric
 * names, replaced (not mutated) so React sees the change.
 */

export function toggleHidden(hidden: ReadonlySet<string>, metric: string): ReadonlySet<string> {
  const next = new Set(hidden);
  if (next.has(metric)) next.delete(metric);
  else next.add(metric);
  return next;
}

export function isShown(hidden: ReadonlySet<string> | undefined, metric: string): boolean {
  return !hidden?.has(metric);
}

/** "User: latest 3 %. Hidden." style words a legend button reads out. */
export function legendItemLabel(label: string, latest: string, shown: boolean): string {
  return `${label}, latest ${latest}${shown ? '' : ', hidden'}`;
}

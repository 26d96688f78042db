'use client';

import type { Sample } from '@/lib/wire/contract';
import { depthSections } from '@/lib/ui/depth-sections';
import type { RangeSelection } from '@/lib/ui/range';
import { DepthSectionView } from './depth-section';

// Derived once: the registry is static.
const SECTIONS = depthSections();

/**
 * Everything collected beyond the headline charts — per disk, interface,
 * filesystem, core and sensor, and the scalars the charts leave out — as
 * collapsed sections on the host page, each fetching its series only once
 * opened. Drawn from the series registry (lib/ui/depth-sections.ts).
 */
export function DepthSections({
  latest,
  seriesBase,
  selection,
  refreshMs,
  onZoom,
  onPick,
}: {
  latest: Sample;
  /** The series endpoint the sections read from (the signed-in host API). */
  seriesBase: string;
  selection: RangeSelection;
  refreshMs: number;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
}) {
  return (
    <section aria-labelledby="depth-title" className="space-y-2" data-testid="depth-sections">
      <h2 id="depth-title" className="text-base font-semibold">
        Details
      </h2>
      {SECTIONS.map((section) => (
        <DepthSectionView key={section.id} section={section} latest={latest} seriesBase={seriesBase} selection={selection} refreshMs={refreshMs} onZoom={onZoom} onPick={onPick} />
      ))}
    </section>
  );
}

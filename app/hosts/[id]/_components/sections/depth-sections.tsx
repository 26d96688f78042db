'use client';

import { useMemo } from 'react';
import type { Sample } from '@/lib/wire/contract';
import { depthSections } from '@/lib/ui/depth-sections';
import { DEVICE_FAMILIES } from '@/lib/ui/devices';
import type { RangeSelection } from '@/lib/ui/range';
import type { DepthWiring } from './depth-charts';
import { DepthSectionView } from './depth-section';

// Derived once: the registry is static. Containers have their own section (a table first, containers-section.tsx).
const SECTIONS = depthSections().filter((s) => s.family !== 'containers')
  // Services too (services-section.tsx).
  .filter((s) => s.family !== 'services');
// GPUs, Disk health, Fans and Batteries too (devices-section.tsx).
const SHOWN = SECTIONS.filter((s) => !(DEVICE_FAMILIES as readonly string[]).includes(s.family ?? ''));

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
  seriesBase: string;
  selection: RangeSelection;
  refreshMs: number;
  onZoom: (sel: RangeSelection) => void;
  onPick: (ts: number) => void;
}) {
  const wiring = useMemo<DepthWiring>(() => ({ seriesBase, selection, refreshMs, onZoom, onPick }), [seriesBase, selection, refreshMs, onZoom, onPick]);
  return (
    <section aria-labelledby="depth-title" className="space-y-2" data-testid="depth-sections">
      <h2 id="depth-title" className="text-base font-semibold">
        Details
      </h2>
      {SHOWN.map((section) => (
        <DepthSectionView key={section.id} section={section} latest={latest} wiring={wiring} />
      ))}
    </section>
  );
}

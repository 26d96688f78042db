'use client';

import { useState } from 'react';
import type { Sample } from '@/lib/wire/contract';
import { entitiesOf, entityLabel, type DepthSection } from '@/lib/ui/depth-sections';
import { cardClass, inputClass } from '@/app/_components/styles';
import { Field } from '@/app/_components/field';
import { DepthCharts, type DepthWiring } from './depth-charts';

/**
 * One collapsed section of the host page's depth (Disks, Network
 * interfaces, …): a native <details> disclosure, so keyboard and screen
 * readers get it for free. Nothing is fetched until it is opened: the body,
 * and with it the series request, is only rendered while open.
 */
export function DepthSectionView({
  section,
  latest,
  wiring,
}: {
  section: DepthSection;
  latest: Sample;
  wiring: DepthWiring;
}) {
  const [open, setOpen] = useState(false);
  const entities = section.family ? entitiesOf(section.family, latest) : null;
  const count = entities ? ` (${entities.length})` : '';
  return (
    <details className={`${cardClass} group`} data-section={section.id} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-xl px-3 py-2.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="inline-block w-3 text-zinc-500 transition-transform group-open:rotate-90">
          ▸
        </span>
        <span>{section.title}</span>
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          {count}
          {' · '}
          {section.charts.map((c) => c.title).join(', ')}
        </span>
      </summary>
      {open && (
        <div className="border-t border-zinc-200 px-3 pb-3 pt-2 dark:border-zinc-800">
          {entities && entities.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="section-empty">
              No {section.title.toLowerCase()} on this host.
            </p>
          ) : (
            <SectionBody section={section} entities={entities} wiring={wiring} />
          )}
        </div>
      )}
    </details>
  );
}

function SectionBody({
  section,
  entities,
  wiring,
}: {
  section: DepthSection;
  entities: string[] | null;
  wiring: DepthWiring;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  // The picked entity may leave (a disk unplugged): fall back to the first one present.
  const entity = entities ? (picked !== null && entities.includes(picked) ? picked : (entities[0] ?? null)) : null;
  return (
    <div className="space-y-2">
      {entities && (
        <Field label={section.entity ? section.entity.charAt(0).toUpperCase() + section.entity.slice(1) : 'Entity'}>
          <select className={`${inputClass} w-full max-w-xs`} value={entity ?? ''} onChange={(e) => setPicked(e.target.value)} data-testid="section-picker">
            {entities.map((k) => (
              <option key={k} value={k}>
                {entityLabel(section, k)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <DepthCharts section={section} entity={entity} wiring={wiring} />
    </div>
  );
}

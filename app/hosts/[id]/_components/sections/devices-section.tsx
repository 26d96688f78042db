'use client';

import { useMemo, useState } from 'react';
import { depthSections, type DepthSection } from '@/lib/ui/depth-sections';
import { deviceFamiliesOf, sectionForDevice, type DeviceFamily } from '@/lib/ui/devices';
import type { Sample } from '@/lib/wire/contract';
import { cardClass, tdClass, thClass } from '@/app/_components/styles';
import { DepthCharts, type DepthWiring } from './depth-charts';
import { DEVICE_TABLES } from './device-tables';

// The registry's device families as depth sections: their charts are one device's history.
const HISTORY = new Map(depthSections().flatMap((s): [string, DepthSection][] => (s.family ? [[s.family, s]] : [])));

/**
 * The host's GPUs, Disk health, Fans and Batteries from the newest sample:
 * one card per family the host has, a table of its devices and the history
 * of the one picked (the first by default). Loaded on demand (next/dynamic in
 * the dashboard), so hosts without devices never fetch its code.
 */
export default function DevicesSection({ latest, wiring }: { latest: Sample; wiring: DepthWiring }) {
  const families = deviceFamiliesOf(latest);
  return (
    <div className="space-y-3" data-testid="devices">
      {families.map((f) => (
        <DeviceCard key={f} family={f} latest={latest} wiring={wiring} />
      ))}
    </div>
  );
}

function DeviceCard({ family, latest, wiring }: { family: DeviceFamily; latest: Sample; wiring: DepthWiring }) {
  const section = HISTORY.get(family)!;
  const table = DEVICE_TABLES[family];
  const rows = useMemo(() => table.rows(latest), [table, latest]);
  const [picked, setPicked] = useState<string | null>(null);
  // The picked device may leave (a drive unplugged): fall back to the first one listed.
  const shown = picked !== null && rows.some((r) => r.key === picked) ? picked : (rows[0]?.key ?? null);
  const history = useMemo(() => (shown === null ? null : sectionForDevice(section, latest, shown)), [section, latest, shown]);
  const titleId = `devices-${family}-title`;
  return (
    <section className={`${cardClass} space-y-3 p-3`} aria-labelledby={titleId} data-testid={`devices-${family}`}>
      <div>
        <h2 id={titleId} className="text-base font-semibold">
          {section.title}
        </h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid={`devices-${family}-count`}>
          {rows.length} {rows.length === 1 ? section.entity : `${section.entity}s`}
          {family === 'drives' && latest.drives?.some((d) => d.source === 'smart') ? ' · SMART is read every 30 minutes' : ''}
        </p>
      </div>
      <div className="relative max-h-[24rem] overflow-auto">
        <table className="w-full border-collapse" aria-label={section.title}>
          <thead className="sticky top-0 bg-white dark:bg-zinc-900">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th scope="col" className={thClass}>
                Name
              </th>
              {table.columns.map((col) => (
                <th key={col} scope="col" className={thClass}>
                  {col}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-b border-zinc-100 dark:border-zinc-800/60" data-device={r.key}>
                <td className={`${tdClass} font-medium`}>
                  <button
                    type="button"
                    className="max-w-[16rem] truncate rounded-sm text-left text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400"
                    title={`${r.title ?? r.name}: show its history`}
                    aria-pressed={shown === r.key}
                    onClick={() => setPicked(r.key)}
                  >
                    {r.name}
                  </button>
                </td>
                {r.cells.map((cell, i) => (
                  <td key={table.columns[i]} className={tdClass}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown !== null && history && (
        <div className="space-y-2" data-testid={`devices-${family}-history`}>
          <h3 className="text-sm font-semibold">History of {rows.find((r) => r.key === shown)?.name ?? shown}</h3>
          {history.charts.length > 0 ? (
            <DepthCharts section={history} entity={shown} wiring={wiring} />
          ) : (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">This device reports no readings that keep history.</p>
          )}
        </div>
      )}
    </section>
  );
}

'use client';

import { useMemo, useState } from 'react';
import { formatBytes, formatPct } from '@/lib/format';
import { depthSections } from '@/lib/ui/depth-sections';
import { filterServices, isNumericSort, isRunning, servicesSummary, serviceTone, sortServices, type ServiceSort } from '@/lib/ui/services';
import type { Service } from '@/lib/wire/contract';
import { Field } from '@/app/_components/field';
import { cardClass, inputClass, tdClass } from '@/app/_components/styles';
import { DepthCharts, type DepthWiring } from './depth-charts';
import { SortableHead, TONE, useTableSort, type SortColumn } from './sortable-head';

// The registry's services family as a depth section: its charts are one service's history.
const HISTORY = depthSections().find((s) => s.family === 'services')!;

const COLUMNS: SortColumn<ServiceSort>[] = [
  { key: 'name', label: 'Service' },
  { key: 'status', label: 'Status' },
  { key: 'state', label: 'State' },
  { key: 'restarts', label: 'Restarts', numeric: true },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'mem', label: 'Memory', numeric: true },
];


const STATUS = { ok: 'running', warn: 'starting', bad: 'failed', idle: 'stopped' } as const;

/**
 * The host's systemd services from the newest sample: a sortable, filterable
 * table, failed first, and one running service's CPU and memory history.
 * Shown only when the host reports services; loaded on demand (next/dynamic
 * in the dashboard), so hosts without systemd never fetch its code.
 */
export default function ServicesSection({ services, wiring }: { services: Service[]; wiring: DepthWiring }) {
  const sort = useTableSort<ServiceSort>('status', isNumericSort);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const rows = useMemo(() => sortServices(filterServices(services, filter), sort.by, sort.flip), [services, filter, sort.by, sort.flip]);
  // History is kept for running services: the one picked, else the busiest running one.
  const busiest = useMemo(() => [...services].filter(isRunning).sort((a, b) => b.cpuPct - a.cpuPct)[0]?.name ?? null, [services]);
  const shown = picked !== null && services.some((s) => s.name === picked) ? picked : busiest;

  return (
    <section className={`${cardClass} space-y-3 p-3`} aria-labelledby="services-title" data-testid="services">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="services-title" className="text-base font-semibold">
            Services
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="services-count">
            {servicesSummary(services)} · CPU is a share of the whole machine
          </p>
        </div>
        <Field label="Filter services">
          <input type="search" className={`${inputClass} w-48`} value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, state" />
        </Field>
      </div>
      <div className="relative max-h-[28rem] overflow-auto">
        <table className="w-full min-w-[640px] border-collapse" aria-label="Services">
          <SortableHead columns={COLUMNS} sort={sort} />
          <tbody>
            {rows.map((s) => {
              const tone = serviceTone(s);
              const up = isRunning(s);
              return (
                <tr key={s.name} className="border-b border-zinc-100 dark:border-zinc-800/60" data-service={s.name} data-state={s.state}>
                  <td className={`${tdClass} font-medium`}>
                    {up ? (
                      <button
                        type="button"
                        className="max-w-[16rem] truncate rounded-sm text-left text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400"
                        title={`${s.name}.service: show its history`}
                        aria-pressed={shown === s.name}
                        onClick={() => setPicked(s.name)}
                        data-testid="service-name"
                      >
                        {s.name}
                      </button>
                    ) : (
                      <span className="block max-w-[16rem] truncate" title={`${s.name}.service`} data-testid="service-name">
                        {s.name}
                      </span>
                    )}
                  </td>
                  <td className={`${tdClass} ${TONE[tone]}`} data-testid="service-status">
                    {STATUS[tone]}
                  </td>
                  <td className={`${tdClass} font-mono text-xs`}>
                    {s.state}
                    {s.subState !== '' && <span className="text-zinc-500"> ({s.subState})</span>}
                  </td>
                  <td className={`${tdClass} text-right`}>{s.restarts}</td>
                  <td className={`${tdClass} text-right`}>{up ? formatPct(s.cpuPct) : '—'}</td>
                  <td className={`${tdClass} text-right`}>{up ? formatBytes(s.memUsed) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-3 text-sm text-zinc-500">No service matches “{filter}”.</p>}
      </div>
      {shown !== null && HISTORY && (
        <div className="space-y-2" data-testid="service-history">
          <h3 className="text-sm font-semibold">History of {shown}</h3>
          <p className="sr-only" aria-live="polite">
            Showing the history of service {shown}
          </p>
          <DepthCharts section={HISTORY} entity={shown} wiring={wiring} />
        </div>
      )}
    </section>
  );
}

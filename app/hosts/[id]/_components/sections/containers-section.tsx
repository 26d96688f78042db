'use client';

import { useMemo, useState } from 'react';
import { formatBytes, formatDuration, formatPct, formatRate } from '@/lib/format';
import { containerTone, filterContainers, isNumericSort, sortContainers, stackedContainers, stateText, uptimeMs, type ContainerSort } from '@/lib/ui/containers';
import { depthSections } from '@/lib/ui/depth-sections';
import type { Container } from '@/lib/wire/contract';
import { Field } from '@/app/_components/field';
import { cardClass, inputClass, tdClass } from '@/app/_components/styles';
import { DepthCharts, type DepthWiring } from './depth-charts';
import { SortableHead, TONE, useTableSort, type SortColumn } from './sortable-head';
import { ContainersStack } from './containers-stack';

// The registry's containers family as a depth section: its charts are the per-container history.
const HISTORY = depthSections().find((s) => s.family === 'containers')!;

const COLUMNS: SortColumn<ContainerSort>[] = [
  { key: 'name', label: 'Name' },
  { key: 'image', label: 'Image' },
  { key: 'state', label: 'State' },
  { key: 'health', label: 'Health' },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'mem', label: 'Memory', numeric: true },
  { key: 'net', label: 'Network', numeric: true },
  { key: 'uptime', label: 'Uptime', numeric: true },
];


/**
 * The host's containers from the newest sample: a sortable, filterable
 * table, the stacked "CPU and memory by container" charts, and one
 * container's history. Shown only when the host reports containers; loaded
 * on demand (next/dynamic in the dashboard), so hosts without any never
 * fetch its code.
 */
export default function ContainersSection({ containers, sampleTs, wiring }: { containers: Container[]; sampleTs: number; wiring: DepthWiring }) {
  const sort = useTableSort<ContainerSort>('cpu', isNumericSort);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const rows = useMemo(() => sortContainers(filterContainers(containers, filter), sort.by, sort.flip, sampleTs), [containers, filter, sort.by, sort.flip, sampleTs]);
  const stack = useMemo(() => stackedContainers(containers), [containers]);
  const running = containers.filter((c) => c.state === 'running').length;
  // The container whose history is shown: the one picked while it is still listed, else the busiest running one.
  const shown = picked !== null && containers.some((c) => c.name === picked) ? picked : (stack.names[0] ?? null);

  return (
    <section className={`${cardClass} space-y-3 p-3`} aria-labelledby="containers-title" data-testid="containers">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="containers-title" className="text-base font-semibold">
            Containers
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="containers-count">
            {containers.length} containers, {running} running · CPU is a share of the whole machine
          </p>
        </div>
        <Field label="Filter containers">
          <input type="search" className={`${inputClass} w-48`} value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, image, state" />
        </Field>
      </div>
      <div className="relative max-h-[28rem] overflow-auto">
        <table className="w-full min-w-[760px] border-collapse" aria-label="Containers">
          <SortableHead columns={COLUMNS} sort={sort} />
          <tbody>
            {rows.map((c) => {
              const up = uptimeMs(c, sampleTs);
              return (
                <tr key={c.id + c.name} className="border-b border-zinc-100 dark:border-zinc-800/60" data-container={c.name} data-state={c.state}>
                  <td className={`${tdClass} font-medium`}>
                    <button
                      type="button"
                      className="max-w-[14rem] truncate rounded-sm text-left text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400"
                      title={`${c.name} (${c.id.slice(0, 12)}): show its history`}
                      aria-pressed={shown === c.name}
                      onClick={() => setPicked(c.name)}
                      data-testid="container-name"
                    >
                      {c.name}
                    </button>
                  </td>
                  <td className={`${tdClass} max-w-[14rem] truncate font-mono text-xs`} title={c.image}>
                    {c.image}
                  </td>
                  <td className={`${tdClass} ${TONE[containerTone(c)]}`} data-testid="container-state">
                    {c.state}
                    {c.restarts > 0 && <span className="ml-1 text-xs text-zinc-500">({c.restarts} restarts)</span>}
                  </td>
                  <td className={`${tdClass} ${c.health === 'unhealthy' ? TONE.bad : ''}`}>{c.health === 'none' ? '—' : c.health}</td>
                  <td className={`${tdClass} text-right`}>{c.state === 'running' ? formatPct(c.cpuPct) : '—'}</td>
                  <td className={`${tdClass} text-right`}>
                    {c.state === 'running' ? (
                      <>
                        {formatBytes(c.memUsed)}
                        {c.memLimit > 0 && <span className="text-xs text-zinc-500"> / {formatBytes(c.memLimit)}</span>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className={`${tdClass} text-right text-xs`}>{c.state === 'running' ? `↓ ${formatRate(c.netRxBps)} ↑ ${formatRate(c.netTxBps)}` : '—'}</td>
                  <td className={`${tdClass} text-right`}>{up === null ? '—' : formatDuration(up)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-3 text-sm text-zinc-500">No container matches “{filter}”.</p>}
      </div>
      {stack.names.length > 0 && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">CPU and memory by container</h3>
          <ContainersStack names={stack.names} cpu={stack.cpu} mem={stack.mem} wiring={wiring} />
        </div>
      )}
      {shown !== null && (
        <div className="space-y-2" data-testid="container-history">
          <h3 className="text-sm font-semibold">History of {shown}</h3>
          <p className="sr-only" aria-live="polite">
            Showing the history of {stateText(containers.find((c) => c.name === shown) ?? containers[0]!)} container {shown}
          </p>
          <DepthCharts section={HISTORY} entity={shown} wiring={wiring} />
        </div>
      )}
    </section>
  );
}

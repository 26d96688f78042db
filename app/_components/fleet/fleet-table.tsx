'use client';

import type { ReactNode } from 'react';
import { formatNumber, formatRate, formatUptime } from '@/lib/format';
import type { FleetQuery, FleetRow, SortKey } from '@/lib/ui/fleet';
import type { HostFiring } from '@/lib/ui/alerts/summary';
import type { SparkKey } from '@/lib/ui/fleet-sparks';
import { FiringBadge } from '../alerts/severity-badge';
import { DeviceBadge } from './device-badge';
import { WorkloadBadge } from './workload-badge';
import { HostNameLink } from '../host-name-link';
import { RelativeTime } from '../relative-time';
import { Sparkline } from '../sparkline';
import { StatusBadge } from '../status-badge';
import { tdClass, thClass } from '../styles';
import { FLEET_COLUMNS } from './columns';
import { UsageValue } from './usage-value';

const PCT_DOMAIN: [number, number] = [0, 100];
const WIDE = 'hidden xl:table-cell';
// The host column stays in view if the table ever scrolls sideways (zoomed text, a narrow window).
const STICKY = 'sticky left-0 z-10 bg-white dark:bg-zinc-900';

/** A number over its 1-hour trend: stacked, so ten columns fit a 1280 px laptop. */
function Metric({ children, spark, domain }: { children: ReactNode; spark?: (number | null)[]; domain?: [number, number] }) {
  return (
    <span className="flex flex-col items-end gap-0.5">
      <span>{children}</span>
      <Sparkline values={spark} domain={domain} />
    </span>
  );
}

export interface FleetListProps {
  rows: FleetRow[];
  sparks: Record<string, Record<SparkKey, (number | null)[]>> | undefined;
  /** Alerts per host id: a badge beside the status. */
  firing?: Record<string, HostFiring>;
  query: FleetQuery;
  onSort: (key: SortKey) => void;
  serverNow: number;
  now: number;
}

/** The fleet on a laptop or wider: one row per host, every column sortable from its header. */
export function FleetTable({ rows, sparks, firing = {}, query, onSort, serverNow, now }: FleetListProps) {
  return (
    <div className="relative overflow-x-auto" data-testid="fleet-table-box">
      <table className="w-full border-collapse" aria-label="Hosts">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            {FLEET_COLUMNS.map((c) => {
              const active = query.sort === c.key;
              const sortState = active ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none';
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sortState}
                  className={`${thClass} whitespace-nowrap ${c.numeric ? 'text-right' : ''} ${c.wide ? WIDE : ''} ${c.key === 'name' ? STICKY : ''}`}
                >
                  <button
                    type="button"
                    onClick={() => onSort(c.key)}
                    className={`inline-flex items-center gap-1 rounded-sm uppercase focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${active ? 'text-zinc-900 dark:text-zinc-100' : ''}`}
                  >
                    {c.label}
                    <span aria-hidden="true" className="w-2">
                      {active ? (query.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                    <span className="sr-only">{active ? `, sorted ${sortState}` : ', sort'}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const h = r.headline;
            const s = sparks?.[r.id];
            const cell = (content: ReactNode, extra = '') => <td className={`${tdClass} whitespace-nowrap text-right ${extra}`}>{content}</td>;
            return (
              <tr key={r.id} className="group border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-900/60" data-host-id={r.id}>
                <td className={`${tdClass} ${STICKY} group-hover:bg-zinc-50 dark:group-hover:bg-zinc-900`}>
                  <div className="w-40 max-w-40 2xl:w-56 2xl:max-w-56">
                    <HostNameLink id={r.id} name={r.name} />
                    {r.tags.length > 0 && (
                      <span className="mt-0.5 flex flex-wrap gap-1">
                        {r.tags.map((t) => (
                          <span key={t} className="max-w-full truncate rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400" title={t}>
                            {t}
                          </span>
                        ))}
                      </span>
                    )}
                  </div>
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>
                  <span className="flex items-center gap-1.5">
                    <StatusBadge status={r.status} disabled={r.disabled} />
                    {firing[r.id] && <FiringBadge {...firing[r.id]!} />}
                    <DeviceBadge trouble={r.deviceTrouble} />
                    <WorkloadBadge trouble={r.workloadTrouble} />
                  </span>
                  <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
                    {r.lastSeen === null ? 'never seen' : <RelativeTime ts={r.lastSeen} serverNow={serverNow} prefix="seen " />}
                  </span>
                </td>
                <td className={`${tdClass} ${WIDE}`}>
                  <span className="block max-w-32 truncate" title={r.os ?? undefined}>
                    {r.os ?? '—'}
                  </span>
                </td>
                {cell(formatUptime(r.bootTime, now), WIDE)}
                {cell(
                  <Metric spark={s?.cpu} domain={PCT_DOMAIN}>
                    <UsageValue pct={h?.cpuPct} what="CPU" />
                  </Metric>,
                )}
                {cell(
                  <Metric spark={s?.mem} domain={PCT_DOMAIN}>
                    <UsageValue pct={h?.memPct} what="Memory" />
                  </Metric>,
                )}
                {cell(
                  <Metric spark={s?.disk} domain={PCT_DOMAIN}>
                    <UsageValue pct={h?.diskPct} what="Disk" />
                  </Metric>,
                )}
                {cell(<Metric spark={s?.rx}>{formatRate(h?.rxBps)}</Metric>)}
                {cell(<Metric spark={s?.tx}>{formatRate(h?.txBps)}</Metric>)}
                {cell(<Metric spark={s?.load}>{formatNumber(h?.load1)}</Metric>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatNumber, formatPct, formatRate, formatUptime } from '@/lib/format';
import type { FleetRow, FleetQuery, SortKey } from '@/lib/ui/fleet';
import type { HostFiring } from '@/lib/ui/alerts/summary';
import type { SparkKey } from '@/lib/ui/fleet-sparks';
import { FiringBadge } from '../alerts/severity-badge';
import { RelativeTime } from '../relative-time';
import { Sparkline } from '../sparkline';
import { StatusBadge } from '../status-badge';
import { linkClass, tdClass, thClass } from '../styles';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Host' },
  { key: 'status', label: 'Status' },
  { key: 'os', label: 'OS' },
  { key: 'uptime', label: 'Uptime', numeric: true },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'mem', label: 'Memory', numeric: true },
  { key: 'disk', label: 'Disk', numeric: true },
  { key: 'rx', label: 'Net in', numeric: true },
  { key: 'tx', label: 'Net out', numeric: true },
  { key: 'load', label: 'Load', numeric: true },
];

const PCT_DOMAIN: [number, number] = [0, 100];

function Metric({ value, spark, domain }: { value: string; spark?: (number | null)[]; domain?: [number, number] }) {
  return (
    <span className="flex items-center justify-end gap-2">
      <Sparkline values={spark} domain={domain} />
      <span className="min-w-16 text-right">{value}</span>
    </span>
  );
}

export function FleetTable({
  rows,
  sparks,
  firing = {},
  query,
  onSort,
  serverNow,
  now,
}: {
  rows: FleetRow[];
  sparks: Record<string, Record<SparkKey, (number | null)[]>> | undefined;
  /** Alerts per host id: a badge beside the status. */
  firing?: Record<string, HostFiring>;
  query: FleetQuery;
  onSort: (key: SortKey) => void;
  serverNow: number;
  now: number;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[1100px] border-collapse" aria-label="Hosts">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            {COLUMNS.map((c) => {
              const active = query.sort === c.key;
              const sortState = active ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none';
              return (
                <th key={c.key} scope="col" aria-sort={sortState} className={`${thClass} ${c.numeric ? 'text-right' : ''}`}>
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
            const cell = (content: ReactNode) => <td className={`${tdClass} whitespace-nowrap text-right`}>{content}</td>;
            return (
              <tr key={r.id} className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-900/60" data-host-id={r.id}>
                <td className={`${tdClass} max-w-[16rem] whitespace-nowrap`}>
                  <Link href={`/hosts/${encodeURIComponent(r.id)}`} className={`${linkClass} font-medium`}>
                    {r.name}
                  </Link>
                  {r.tags.length > 0 && (
                    <span className="mt-0.5 flex gap-1">
                      {r.tags.map((t) => (
                        <span key={t} className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
                          {t}
                        </span>
                      ))}
                    </span>
                  )}
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>
                  <span className="flex items-center gap-1.5">
                    <StatusBadge status={r.status} disabled={r.disabled} />
                    {firing[r.id] && <FiringBadge {...firing[r.id]!} />}
                  </span>
                  <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
                    {r.lastSeen === null ? 'never seen' : <RelativeTime ts={r.lastSeen} serverNow={serverNow} prefix="seen " />}
                  </span>
                </td>
                <td className={`${tdClass} whitespace-nowrap`}>{r.os ?? '—'}</td>
                {cell(formatUptime(r.bootTime, now))}
                {cell(<Metric value={formatPct(h?.cpuPct)} spark={s?.cpu} domain={PCT_DOMAIN} />)}
                {cell(<Metric value={formatPct(h?.memPct)} spark={s?.mem} domain={PCT_DOMAIN} />)}
                {cell(<Metric value={formatPct(h?.diskPct)} spark={s?.disk} domain={PCT_DOMAIN} />)}
                {cell(<Metric value={formatRate(h?.rxBps)} spark={s?.rx} />)}
                {cell(<Metric value={formatRate(h?.txBps)} spark={s?.tx} />)}
                {cell(<Metric value={formatNumber(h?.load1)} spark={s?.load} />)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

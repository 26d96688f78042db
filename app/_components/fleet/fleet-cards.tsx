'use client';

import { formatNumber, formatRate } from '@/lib/format';
import type { SortKey } from '@/lib/ui/fleet';
import { FiringBadge } from '../alerts/severity-badge';
import { DeviceBadge } from './device-badge';
import { WorkloadBadge } from './workload-badge';
import { Field } from '../field';
import { HostNameLink } from '../host-name-link';
import { RelativeTime } from '../relative-time';
import { StatusBadge } from '../status-badge';
import { inputClass, secondaryButtonClass } from '../styles';
import { FLEET_COLUMNS } from './columns';
import type { FleetListProps } from './fleet-table';
import { UsageBar } from './usage-value';

/** The sort of the cards, where no column header can be clicked: a column and a direction. */
function SortControls({ query, onSort }: Pick<FleetListProps, 'query' | 'onSort'>) {
  const asc = query.dir === 'asc';
  return (
    <div className="flex items-end gap-2 px-3 pt-3">
      <Field label="Sort by">
        {/* onSort of another key picks that key with its natural direction, as a header click does. */}
        <select className={inputClass} value={query.sort} onChange={(e) => onSort(e.target.value as SortKey)}>
          {FLEET_COLUMNS.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <button type="button" className={secondaryButtonClass} onClick={() => onSort(query.sort)} aria-label={`Sorted ${asc ? 'ascending' : 'descending'}; reverse`}>
        <span aria-hidden="true">{asc ? '▲' : '▼'}</span>
        {asc ? 'Ascending' : 'Descending'}
      </button>
    </div>
  );
}

/** The fleet on a phone or tablet: one card per host with its status and headline metrics at a glance. */
export function FleetCards({ rows, firing = {}, query, onSort, serverNow }: FleetListProps) {
  return (
    <div>
      <SortControls query={query} onSort={onSort} />
      <ul className="grid gap-3 p-3 sm:grid-cols-2" aria-label="Hosts">
        {rows.map((r) => {
          const h = r.headline;
          return (
            <li key={r.id} className="min-w-0 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-host-card={r.id}>
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <HostNameLink id={r.id} name={r.name} />
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                    {r.lastSeen === null ? 'never seen' : <RelativeTime ts={r.lastSeen} serverNow={serverNow} prefix="seen " />}
                  </span>
                </div>
                <span className="flex shrink-0 flex-col items-end gap-1">
                  <StatusBadge status={r.status} disabled={r.disabled} />
                  {firing[r.id] && <FiringBadge {...firing[r.id]!} />}
                    <DeviceBadge trouble={r.deviceTrouble} />
                    <WorkloadBadge trouble={r.workloadTrouble} />
                </span>
              </div>
              <div className="mt-3 grid grid-cols-3 gap-3" data-testid="card-usage">
                <UsageBar pct={h?.cpuPct} what="CPU" />
                <UsageBar pct={h?.memPct} what="Memory" />
                <UsageBar pct={h?.diskPct} what="Disk" />
              </div>
              <dl className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs tabular-nums">
                <div className="flex gap-1" data-testid="card-network">
                  <dt className="text-zinc-500 dark:text-zinc-400">Network</dt>
                  <dd>
                    <span aria-hidden="true">↓</span>
                    <span className="sr-only">in </span>
                    {formatRate(h?.rxBps)} <span aria-hidden="true">↑</span>
                    <span className="sr-only">out </span>
                    {formatRate(h?.txBps)}
                  </dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-zinc-500 dark:text-zinc-400">Load</dt>
                  <dd>{formatNumber(h?.load1)}</dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

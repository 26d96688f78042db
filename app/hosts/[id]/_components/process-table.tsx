'use client';

import { useMemo, useState } from 'react';
import { formatBytes, formatPct } from '@/lib/format';
import { filterProcesses, processName, sortProcesses, type ProcessSort } from '@/lib/ui/processes';
import { LocalTime } from '@/app/_components/relative-time';
import { Field } from '@/app/_components/field';
import { cardClass, inputClass, secondaryButtonClass, tdClass, thClass } from '@/app/_components/styles';
import type { ProcessesAnswer } from './types';

type Snapshot = NonNullable<ProcessesAnswer['snapshot']>;

const COLUMNS: { key: ProcessSort | null; label: string; numeric?: boolean }[] = [
  { key: 'pid', label: 'PID', numeric: true },
  { key: 'name', label: 'Name' },
  { key: null, label: 'User' },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'mem', label: 'Memory', numeric: true },
  { key: null, label: 'Command' },
];

/**
 * Text cut to its cell with an ellipsis, whole on hover (title) and on
 * keyboard focus (it unwraps while focused), so a long name or command line
 * is reachable without a mouse.
 */
function ClippedText({ text, className, testId }: { text: string; className: string; testId?: string }) {
  return (
    <span
      tabIndex={0}
      title={text}
      data-testid={testId}
      className={`block truncate rounded-sm ${className} focus:whitespace-normal focus:break-all focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500`}
    >
      {text}
    </span>
  );
}

/**
 * The top processes of the newest sample, or of the stored snapshot nearest
 * to a time picked on a chart. Sortable by CPU, memory, name and PID, with a filter.
 */
export function ProcessTable({
  snapshot,
  pickedAt,
  loading,
  onBackToNow,
  utc = false,
}: {
  snapshot: Snapshot | null;
  pickedAt: number | null;
  loading: boolean;
  onBackToNow: () => void;
  /** The snapshot's time in UTC instead of the browser's zone. */
  utc?: boolean;
}) {
  const [sort, setSort] = useState<{ by: ProcessSort; flip: boolean }>({ by: 'cpu', flip: false });
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => (snapshot ? sortProcesses(filterProcesses(snapshot.processes, filter), sort.by, sort.flip) : []), [snapshot, filter, sort]);
  const ariaSort = (key: ProcessSort | null) => {
    if (key !== sort.by) return undefined;
    const natural = key === 'name' || key === 'pid' ? 'ascending' : 'descending';
    return sort.flip ? (natural === 'ascending' ? 'descending' : 'ascending') : natural;
  };
  return (
    <section className={`${cardClass} p-3`} aria-labelledby="proc-title" aria-busy={loading} data-testid="processes">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="proc-title" className="text-base font-semibold">
            Processes
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite" data-testid="processes-when">
            {pickedAt !== null ? (
              snapshot ? (
                <>
                  Snapshot at <LocalTime ts={snapshot.ts} utc={utc} /> (nearest to the time you picked)
                </>
              ) : loading ? (
                'Loading…'
              ) : (
                'No snapshot near that time.'
              )
            ) : snapshot ? (
              <>
                Now · {snapshot.total} processes, {snapshot.running} running; top by CPU and memory
              </>
            ) : (
              'No processes reported yet.'
            )}
          </p>
        </div>
        <div className="flex items-end gap-2">
          {pickedAt !== null && (
            <button type="button" className={secondaryButtonClass} onClick={onBackToNow}>
              Back to now
            </button>
          )}
          <Field label="Filter processes">
            <input type="search" className={`${inputClass} w-48`} value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Name, user, command, PID" />
          </Field>
        </div>
      </div>
      <div className="relative mt-2 max-h-[28rem] overflow-auto">
        <table className="w-full min-w-[640px] border-collapse" aria-label="Top processes">
          <thead className="sticky top-0 bg-white dark:bg-zinc-900">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              {COLUMNS.map((c) => (
                <th key={c.label} scope="col" aria-sort={ariaSort(c.key)} className={`${thClass} ${c.numeric ? 'text-right' : ''}`}>
                  {c.key ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 rounded-sm uppercase focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
                      onClick={() => setSort((s) => ({ by: c.key!, flip: s.by === c.key ? !s.flip : false }))}
                    >
                      {c.label}
                      <span aria-hidden="true" className="w-2">
                        {sort.by === c.key ? (ariaSort(c.key) === 'ascending' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.pid} className="border-b border-zinc-100 dark:border-zinc-800/60" data-pid={p.pid}>
                <td className={`${tdClass} text-right text-zinc-500`}>{p.pid}</td>
                <td className={`${tdClass} font-medium`}>
                  <ClippedText text={processName(p)} className="max-w-[14rem]" testId="process-name" />
                </td>
                <td className={tdClass}>{p.user}</td>
                <td className={`${tdClass} text-right`}>{formatPct(p.cpuPct)}</td>
                <td className={`${tdClass} text-right`}>
                  {formatBytes(p.rss)} <span className="text-xs text-zinc-500">({formatPct(p.memPct)})</span>
                </td>
                <td className={`${tdClass} font-mono text-xs`}>
                  <ClippedText text={p.command} className="max-w-[24rem]" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {snapshot && rows.length === 0 && <p className="p-3 text-sm text-zinc-500">No process matches “{filter}”.</p>}
      </div>
    </section>
  );
}

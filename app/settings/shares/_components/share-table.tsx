'use client';

import type { AdminShare } from '@/lib/shares/manage';
import { formatDuration } from '@/lib/format';
import { LocalTime } from '@/app/_components/relative-time';
import { dangerSecondaryButtonClass, rowClass, tdClass } from '@/app/_components/styles';
import { DataTable } from '../../_components/data-table';

const creator = (s: AdminShare) => s.createdBy.name ?? s.createdBy.email ?? 'a deleted user';

/** Share links with who made them, when they expire, how often and when they were last opened; each revocable. */
export function ShareTable({ shares, showHost, onRevoke }: { shares: AdminShare[]; showHost: boolean; onRevoke: (share: AdminShare) => void }) {
  const headings = ['Label', ...(showHost ? ['Host'] : []), 'Created by', 'Created', 'Expires', 'History', 'Processes', 'Alerts', 'Last viewed', 'Views'];
  return (
    <DataTable label="Share links" minWidthClass="min-w-[760px]" headings={headings} rowCount={shares.length} emptyText="No share links.">
      {shares.map((s) => (
        <tr key={s.id} className={rowClass} data-share-id={s.id}>
          <td className={`${tdClass} font-medium`}>{s.label || <span className="text-zinc-500">(no label)</span>}</td>
          {showHost && <td className={tdClass}>{s.hostName ?? s.hostId}</td>}
          <td className={tdClass} title={s.createdBy.email ?? undefined}>
            {creator(s)}
          </td>
          <td className={tdClass}>
            <LocalTime ts={s.createdAt} />
          </td>
          <td className={tdClass}>
            {s.expiresAt === null ? 'never' : s.expired ? <span className="text-red-700 dark:text-red-400">expired</span> : <LocalTime ts={s.expiresAt} />}
          </td>
          <td className={tdClass}>{formatDuration(s.maxRangeMs)}</td>
          <td className={tdClass}>{s.includeProcesses ? 'shown' : 'hidden'}</td>
          <td className={tdClass}>{s.includeAlerts ? 'shown' : 'hidden'}</td>
          <td className={tdClass}>{s.lastViewedAt === null ? 'never' : <LocalTime ts={s.lastViewedAt} />}</td>
          <td className={tdClass} data-testid="share-views">
            {s.viewCount}
          </td>
          <td className={`${tdClass} text-right`}>
            <button type="button" className={dangerSecondaryButtonClass} onClick={() => onRevoke(s)} aria-label={`Revoke ${s.label || 'the unlabelled link'}`}>
              Revoke
            </button>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

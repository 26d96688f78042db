'use client';

import { formatBytes, formatDuration, formatUptime } from '@/lib/format';
import { LocalTime, RelativeTime } from '@/app/_components/relative-time';
import { StatusBadge } from '@/app/_components/status-badge';
import { cardClass } from '@/app/_components/styles';
import { FAMILIES, type FamilyName } from '@/lib/metrics/registry';
import type { AlertView } from '@/lib/ui/alerts/api-types';
import { HostAlerts } from './host-alerts';
import type { DashboardDetail } from './types';
import { WaitingNote } from './waiting-note';

/** Beyond this, the host's clock is wrong enough to misplace its samples in time. */
export const SKEW_WARNING_MS = 30_000;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="truncate text-sm font-medium">{children}</dd>
    </div>
  );
}

/** What a cap in the host state means for the charts, in words. */
function cappedMessage(series: string[]): string {
  const families = series.filter((s): s is FamilyName => s in FAMILIES).map((s) => `${FAMILIES[s].entity}s`);
  const parts = [];
  if (families.length > 0) parts.push(`This host reports more ${families.join(', ')} than Hostwatch keeps history for; the extra ones are left out of the charts.`);
  if (series.includes('schemas')) parts.push('Its set of filesystems, disks and sensors changes so often that some samples keep only the host totals.');
  return parts.join(' ');
}

/** `adminHints` off (a share link's viewer): no advice only an admin can follow. `alerts`: the host's pending and firing ones (signed-in users only). */
export function HostHeader({
  detail,
  serverNow,
  now,
  adminHints = true,
  alerts,
}: {
  detail: DashboardDetail;
  serverNow: number;
  now: number;
  adminHints?: boolean;
  alerts?: readonly AlertView[];
}) {
  const sys = detail.system;
  const skew = detail.clockSkewMs;
  const dropped = detail.droppedTotal;
  return (
    <section className="space-y-3" aria-labelledby="host-title">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="host-title" className="text-xl font-semibold break-all">
          {detail.host.name}
        </h1>
        <StatusBadge status={detail.status} disabled={detail.host.disabled} />
        {detail.host.tags.map((t) => (
          <span key={t} className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">
            {t}
          </span>
        ))}
        {sys?.hostname && sys.hostname !== detail.host.name && <span className="text-sm text-zinc-500">({sys.hostname})</span>}
      </div>
      {alerts && <HostAlerts hostId={detail.host.id} alerts={alerts} now={now} serverNow={serverNow} />}
      {detail.status === 'waiting' && <WaitingNote hostId={detail.host.id} name={detail.host.name} adminHints={adminHints} />}
      {(detail.status === 'stale' || detail.status === 'offline') && (
        <p role="status" className="rounded-lg border border-zinc-300 bg-zinc-100 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="offline-note">
          {detail.lastSeen === null ? (
            'This host is disabled and has not reported yet.'
          ) : (
            <>
              Host {detail.status === 'stale' ? 'stale' : 'offline'} since <LocalTime ts={detail.lastSeen} /> (<RelativeTime ts={detail.lastSeen} serverNow={serverNow} />
              ).
            </>
          )}
        </p>
      )}
      {skew !== null && Math.abs(skew) > SKEW_WARNING_MS && (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="skew-warning">
          This host&apos;s clock is {formatDuration(Math.abs(skew))} {skew > 0 ? 'behind' : 'ahead of'} the server&apos;s; its samples may appear at the wrong
          time. Enable NTP on the host.
        </p>
      )}
      {dropped > 0 && (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="dropped-warning">
          The collector dropped {dropped} sample{dropped === 1 ? '' : 's'} it could not send in time (its spool was full); the charts have gaps there.
        </p>
      )}
      {detail.seriesCapped && (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="capped-warning">
          {cappedMessage(detail.seriesCapped.series)} Last seen <RelativeTime ts={detail.seriesCapped.at} serverNow={serverNow} />.
          {adminHints && ' Raise the per-host limits (HOSTWATCH_MAX_FILESYSTEMS and the like) if these are real.'}
        </p>
      )}
      <dl className={`${cardClass} grid grid-cols-2 gap-3 p-3 sm:grid-cols-3 lg:grid-cols-5`}>
        <Fact label="OS">{sys ? `${sys.os} ${sys.osVersion}`.trim() || '—' : '—'}</Fact>
        <Fact label="Kernel">{sys ? `${sys.kernel} (${sys.arch})` : '—'}</Fact>
        <Fact label="CPU">
          <span title={sys?.cpuModel}>{sys ? `${sys.cpuModel} · ${sys.cores} cores / ${sys.threads} threads` : '—'}</span>
        </Fact>
        <Fact label="Memory">{sys ? formatBytes(sys.memoryTotal) : '—'}</Fact>
        <Fact label="Uptime">{formatUptime(sys?.bootTime, now)}</Fact>
        <Fact label="Last seen">{detail.lastSeen === null ? 'never' : <RelativeTime ts={detail.lastSeen} serverNow={serverNow} />}</Fact>
        <Fact label="Collector">{sys?.collectorVersion ?? '—'}</Fact>
        <Fact label="Virtualisation">{sys?.virtualization || '—'}</Fact>
        <Fact label="Processes">{detail.latest ? `${detail.latest.processes.total} (${detail.latest.processes.running} running)` : '—'}</Fact>
        <Fact label="Sample interval">{detail.latest ? formatDuration(detail.latest.intervalMs) : '—'}</Fact>
      </dl>
    </section>
  );
}

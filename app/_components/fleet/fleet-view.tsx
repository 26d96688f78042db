'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import useSWR from 'swr';
import { allTags, filterAndSort, fleetSearch, paginate, parseFleetQuery, statusCounts, STATUS_FILTERS, STATUS_WORDS, summaryLine, type FleetQuery, type FleetRow, type SortKey } from '@/lib/ui/fleet';
import type { AlertsAnswer } from '@/lib/ui/alerts/api-types';
import { ALERTS_URL, firingByHost, firingCount, firingText } from '@/lib/ui/alerts/summary';
import { sparklinesUrl, type SparklinesAnswer } from '@/lib/ui/fleet-sparks';
import { AddHostForm } from '../add-host';
import { Field } from '../field';
import { fetchJson, isStoreDown } from '../fetcher';
import { useNow } from '../relative-time';
import { StoreBanner } from '../store-banner';
import { buttonClass, cardClass, inputClass, secondaryButtonClass } from '../styles';
import { FleetList } from './fleet-list';

export interface FleetAnswer {
  now: number;
  hosts: FleetRow[];
}

const NUMERIC_SORTS = new Set<SortKey>(['uptime', 'cpu', 'mem', 'disk', 'rx', 'tx', 'load', 'seen']);

/** Writes the query into the URL without a server round trip; Next's router picks it up through useSearchParams. */
function writeQuery(query: FleetQuery, mode: 'push' | 'replace') {
  const qs = fleetSearch(query);
  const url = `${window.location.pathname}${qs ? `?${qs}` : ''}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

export function FleetView({
  initial,
  initialSparks,
  initialAlerts = null,
  isAdmin,
  serverNow,
}: {
  initial: FleetAnswer | null;
  initialSparks: SparklinesAnswer | null;
  /** The alert list (firing badges, the summary's count); the navigation polls the same key. */
  initialAlerts?: AlertsAnswer | null;
  isAdmin: boolean;
  serverNow: number;
}) {
  const params = useSearchParams();
  const query = useMemo(() => parseFleetQuery(params), [params]);
  const [adding, setAdding] = useState(false);
  const fleet = useSWR<FleetAnswer>('/api/v1/fleet', fetchJson, {
    fallbackData: initial ?? undefined,
    refreshInterval: 10_000,
    keepPreviousData: true,
  });
  const now = useNow(serverNow, 10_000);
  const hosts = useMemo(() => fleet.data?.hosts ?? [], [fleet.data]);
  const shown = useMemo(() => filterAndSort(hosts, query, serverNow), [hosts, query, serverNow]);
  const page = paginate(shown, query.page);
  const sparkKey = sparklinesUrl(page.rows.map((r) => r.id));
  const initialSparkKey = initialSparks ? sparklinesUrl(Object.keys(initialSparks.hosts)) : null;
  const sparks = useSWR<SparklinesAnswer>(sparkKey, fetchJson, {
    fallbackData: sparkKey === initialSparkKey && initialSparks ? initialSparks : undefined,
    refreshInterval: 60_000,
    keepPreviousData: true,
  });
  const alerts = useSWR<AlertsAnswer>(ALERTS_URL, fetchJson, { fallbackData: initialAlerts ?? undefined, refreshInterval: 15_000, keepPreviousData: true });
  const firing = useMemo(() => firingByHost(alerts.data?.alerts ?? []), [alerts.data]);
  const firingNow = alerts.data ? firingCount(alerts.data.alerts) : 0;
  const tags = useMemo(() => allTags(hosts), [hosts]);
  const counts = statusCounts(hosts);
  const storeDown = isStoreDown(fleet.error) || (!fleet.data && initial === null);

  const update = (patch: Partial<FleetQuery>, mode: 'push' | 'replace' = 'push') => writeQuery({ ...query, page: 1, ...patch }, mode);
  const onSort = (key: SortKey) =>
    update({ sort: key, dir: query.sort === key ? (query.dir === 'asc' ? 'desc' : 'asc') : NUMERIC_SORTS.has(key) ? 'desc' : 'asc' });

  if (!storeDown && fleet.data && hosts.length === 0) {
    return (
      <section className={`${cardClass} mx-auto max-w-2xl p-6`} aria-labelledby="empty-title">
        <h1 id="empty-title" className="text-xl font-semibold">
          No hosts yet
        </h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Hostwatch shows the servers whose collector posts to it. Add a host to get its token and a one-line install command, run that
          command on the server, and it appears here within seconds.
        </p>
        <div className="mt-5">
          {isAdmin ? <AddHostForm /> : <p className="text-sm">Ask an admin to add a host.</p>}
        </div>
      </section>
    );
  }

  return (
    <div className="space-y-4">
      {storeDown && <StoreBanner retrying={!!fleet.data} />}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Fleet</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="fleet-summary" aria-live="polite">
            {fleet.data ? summaryLine(hosts) : 'Loading hosts…'}
            {firingNow > 0 && (
              <>
                {' · '}
                <Link href="/alerts" className="rounded-sm font-medium text-red-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-red-400" data-testid="fleet-firing">
                  {firingText(firingNow)}
                </Link>
              </>
            )}
          </p>
        </div>
        {isAdmin && (
          <button type="button" className={adding ? secondaryButtonClass : buttonClass} onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
            {adding ? 'Close' : 'Add host'}
          </button>
        )}
      </div>
      {adding && (
        <div className={`${cardClass} p-4`}>
          <AddHostForm onCreated={() => void fleet.mutate()} />
        </div>
      )}
      <div className="flex flex-wrap items-end gap-3" role="search">
        <Field label="Search">
          <input
            type="search"
            className={`${inputClass} w-56`}
            placeholder="Name, tag or OS"
            defaultValue={query.q}
            onChange={(e) => update({ q: e.target.value }, 'replace')}
          />
        </Field>
        <Field label="Status">
          <select className={inputClass} value={query.status} onChange={(e) => update({ status: e.target.value as FleetQuery['status'] })}>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? `All (${hosts.length})` : `${STATUS_WORDS[s].short[0]!.toUpperCase()}${STATUS_WORDS[s].short.slice(1)} (${counts[s]})`}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tag">
          <select className={inputClass} value={query.tag} onChange={(e) => update({ tag: e.target.value })}>
            <option value="">Any tag</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <p className="ml-auto text-sm text-zinc-500 dark:text-zinc-400">
          {shown.length === hosts.length ? `${hosts.length} hosts` : `${shown.length} of ${hosts.length} hosts`}
        </p>
      </div>
      <div className={cardClass}>
        {fleet.data ? (
          shown.length > 0 ? (
            <FleetList rows={page.rows} sparks={sparks.data?.hosts} firing={firing} query={query} onSort={onSort} serverNow={serverNow} now={now} />
          ) : (
            <p className="p-6 text-sm text-zinc-600 dark:text-zinc-400">No host matches these filters.</p>
          )
        ) : (
          <div className="skeleton h-96 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />
        )}
      </div>
      {page.pages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-center gap-2 text-sm">
          <button type="button" className={secondaryButtonClass} disabled={page.page <= 1} onClick={() => update({ page: page.page - 1 })}>
            Previous
          </button>
          <span>
            Page {page.page} of {page.pages}
          </span>
          <button type="button" className={secondaryButtonClass} disabled={page.page >= page.pages} onClick={() => update({ page: page.page + 1 })}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

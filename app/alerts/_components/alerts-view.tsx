'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import useSWR from 'swr';
import type { AlertRule } from '@/lib/alerts/schemas';
import type { AlertsAnswer, EventsAnswer } from '@/lib/ui/alerts/api-types';
import { eventsRequest, historySearch, parseHistoryQuery, type HistoryQuery } from '@/lib/ui/alerts/history-query';
import { ALERTS_URL, firingCount, firingText, sortAlerts } from '@/lib/ui/alerts/summary';
import { fetchJson, isStoreDown } from '@/app/_components/fetcher';
import { useNow } from '@/app/_components/relative-time';
import { StoreBanner } from '@/app/_components/store-banner';
import { buttonClass, cardClass, linkClass } from '@/app/_components/styles';
import { CurrentAlerts } from './current-alerts';
import { HistoryFilters } from './history-filters';
import { HistoryTable } from './history-table';

function Empty({ children }: { children: React.ReactNode }) {
  return <div className={`${cardClass} p-6 text-sm text-zinc-600 dark:text-zinc-400`}>{children}</div>;
}

/**
 * The Alerts page: what fires and waits now (polled every 10 s, shared with
 * the navigation's count), and the history with its filters in the URL.
 */
export function AlertsView({
  initialAlerts,
  initialEvents,
  initialEventsKey,
  rules,
  hosts,
  isAdmin,
  serverNow,
}: {
  initialAlerts: AlertsAnswer | null;
  initialEvents: EventsAnswer | null;
  initialEventsKey: string;
  rules: AlertRule[];
  hosts: { id: string; name: string }[];
  isAdmin: boolean;
  serverNow: number;
}) {
  const params = useSearchParams();
  const query = useMemo(() => parseHistoryQuery(params), [params]);
  const now = useNow(serverNow, 15_000);
  const alerts = useSWR<AlertsAnswer>(ALERTS_URL, fetchJson, { fallbackData: initialAlerts ?? undefined, refreshInterval: 10_000, keepPreviousData: true });
  // The key moves once a minute (the range start), from the server's clock on the first render.
  const eventsKey = eventsRequest(query, now).url;
  const events = useSWR<EventsAnswer>(eventsKey, fetchJson, {
    fallbackData: eventsKey === initialEventsKey && initialEvents ? initialEvents : undefined,
    refreshInterval: 30_000,
    keepPreviousData: true,
  });
  const ruleById = useMemo(() => new Map(rules.map((r) => [r.id, r])), [rules]);
  const current = useMemo(() => sortAlerts(alerts.data?.alerts ?? []), [alerts.data]);
  const storeDown = isStoreDown(alerts.error) || isStoreDown(events.error) || (!alerts.data && initialAlerts === null);
  const firing = firingCount(current);

  const update = (patch: Partial<HistoryQuery>) => {
    const qs = historySearch({ ...query, ...patch });
    window.history.pushState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}`);
  };
  const refresh = () => {
    void alerts.mutate();
    void events.mutate();
  };

  return (
    <div className="space-y-6">
      {storeDown && <StoreBanner retrying={!!alerts.data} />}
      <section aria-labelledby="now-title" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="now-title" className="text-lg font-semibold">
            Now
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="alerts-summary">
            {alerts.data ? (firing > 0 ? firingText(firing) : 'Nothing firing') + (current.length > firing ? `, ${current.length - firing} pending` : '') : 'Loading alerts…'}
          </p>
        </div>
        {rules.length === 0 ? (
          <Empty>
            <p className="font-medium text-zinc-900 dark:text-zinc-100">No rules yet — create one</p>
            <p className="mt-1">
              A rule watches a metric, a process or whether a host reports, and alerts when it crosses a line you set.
            </p>
            {isAdmin ? (
              <Link href="/alerts/rules/new" className={`${buttonClass} mt-4`}>
                Create a rule
              </Link>
            ) : (
              <p className="mt-3">Ask an admin to create one.</p>
            )}
          </Empty>
        ) : current.length === 0 ? (
          alerts.data && (
            <Empty>
              Nothing is firing or pending. {rules.filter((r) => r.enabled).length} of {rules.length} rule{rules.length === 1 ? '' : 's'} enabled
              {isAdmin && (
                <>
                  {' '}
                  — <Link href="/alerts/rules" className={linkClass}>manage rules</Link>
                </>
              )}
              .
            </Empty>
          )
        ) : (
          <CurrentAlerts alerts={current} rules={ruleById} isAdmin={isAdmin} now={now} serverNow={serverNow} onChanged={refresh} />
        )}
      </section>
      <section aria-labelledby="history-title" className="space-y-3">
        <h2 id="history-title" className="text-lg font-semibold">
          History
        </h2>
        <HistoryFilters query={query} hosts={hosts} rules={rules} onChange={update} />
        {events.data ? (
          events.data.events.length > 0 ? (
            <HistoryTable events={events.data.events} rules={ruleById} loading={events.isLoading} />
          ) : (
            <Empty>No alert events match these filters in this range{rules.length === 0 ? ': once a rule fires or resolves, it is recorded here' : ''}.</Empty>
          )
        ) : (
          <div className="skeleton h-40 rounded-xl bg-zinc-100 dark:bg-zinc-800/50" aria-hidden="true" />
        )}
      </section>
    </div>
  );
}

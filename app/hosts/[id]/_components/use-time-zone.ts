'use client';

import { useSearchParams } from 'next/navigation';
import { createContext, useCallback, useSyncExternalStore } from 'react';
import { browserTimeZone, parseTimeZone, timeZoneSearch, type TimeZoneChoice } from '@/lib/ui/time-zone';

const noSubscribe = () => () => {};

/**
 * Whether the page's charts format times in UTC, for charts drawn below the
 * dashboard (the depth sections) without passing it through every layer;
 * a TimeChart's own `utc` prop wins.
 */
export const ChartUtcContext = createContext(false);

/**
 * The page's time zone from the URL (`?tz=utc`), a setter that rewrites
 * the URL in place (a zone is a way of reading, not a step to go back
 * to), whether to format in UTC now, and the browser's zone name
 * (undefined on the server, whose zone is not the reader's).
 */
export function useTimeZone(): { tz: TimeZoneChoice; utc: boolean; browserZone: string | undefined; setTz: (tz: TimeZoneChoice) => void } {
  const params = useSearchParams();
  const tz = parseTimeZone(params);
  const browserZone = useSyncExternalStore(noSubscribe, browserTimeZone, () => undefined);
  // The server does not know the reader's zone, and a hydrated text node is not
  // re-rendered when it differs (suppressHydrationWarning keeps the server's):
  // render UTC until hydrated, then the browser's zone in a second pass.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);
  const setTz = useCallback((next: TimeZoneChoice) => {
    const search = timeZoneSearch(next, new URLSearchParams(window.location.search));
    window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
  }, []);
  return { tz, utc: tz === 'utc' || !hydrated, browserZone, setTz };
}

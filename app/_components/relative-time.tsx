'use client';

import { useEffect, useState } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';

/**
 * "3 min ago" that keeps itself current. The first render uses the server's
 * `now`, so server and browser produce the same text (no hydration warning);
 * the exact local time is in the title.
 */
export function RelativeTime({ ts, serverNow, prefix = '' }: { ts: number | null; serverNow: number; prefix?: string }) {
  const now = useNow(serverNow, 5_000);
  return (
    <time dateTime={ts ? new Date(ts).toISOString() : undefined} title={ts ? formatDateTime(ts) : undefined} suppressHydrationWarning>
      {prefix}
      {formatAgo(ts, now)}
    </time>
  );
}

/** The current time, ticking every `everyMs`, starting from the server's clock for the first render. */
export function useNow(serverNow: number, everyMs: number): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const id = setInterval(tick, everyMs);
    const first = setTimeout(tick, 0);
    return () => {
      clearInterval(id);
      clearTimeout(first);
    };
  }, [everyMs]);
  return now;
}

/** An absolute time in the browser's time zone (or UTC, said so); the server's rendering (its own zone) is replaced on hydration. */
export function LocalTime({ ts, utc = false }: { ts: number; utc?: boolean }) {
  return (
    <time dateTime={new Date(ts).toISOString()} suppressHydrationWarning>
      {formatDateTime(ts, utc)}
      {utc && ' UTC'}
    </time>
  );
}

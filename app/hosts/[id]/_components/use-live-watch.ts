'use client';

import { useEffect } from 'react';

/** The watch mark lasts 60 s on the server; renewing every 20 s survives a missed request or two. */
const RENEW_MS = 20_000;

/**
 * While the page is open in Live mode and visible, keep the host marked as
 * watched so its collector posts every second. A hidden tab stops renewing,
 * and the host returns to its normal cadence a minute later.
 */
export function useLiveWatch(hostId: string, live: boolean, watchUrl?: string) {
  useEffect(() => {
    if (!live) return;
    // A share link's viewer renews through its own share-scoped endpoint.
    const url = watchUrl ?? `/api/v1/hosts/${encodeURIComponent(hostId)}/watch`;
    const post = () => {
      if (document.visibilityState !== 'visible') return;
      fetch(url, { method: 'POST' }).catch(() => {
        // the next renewal tries again; the charts show the outage on their own
      });
    };
    post();
    const timer = setInterval(post, RENEW_MS);
    document.addEventListener('visibilitychange', post);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', post);
    };
  }, [hostId, live, watchUrl]);
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { parseRange } from '@/lib/ui/range';
import { initialShareSeries, openSharePage } from '@/lib/shares/page-data';
import { chartSeries, seriesWindow } from '@/lib/ui/chart-specs';
import { allowedSelection } from '@/lib/ui/share-range';
import { StoreBanner } from '@/app/_components/store-banner';
import { ShareMessage, ShareShell } from './_components/share-shell';
import { ShareView } from './_components/share-view';

export const dynamic = 'force-dynamic';

/** Static on purpose: the title does not name the host, and the robots and referrer rules never wait on a lookup. */
export const metadata: Metadata = {
  title: 'Shared host',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * A share link, signed out: one host's header, charts, range picker (up to
 * the allowed history), Live, and processes when the link includes them. The
 * token stays in the URL: the client reads it from there, never from props.
 */
export default async function SharePage({ params, searchParams }: Props) {
  const opening = await openSharePage((await params).token);
  if (opening.kind === 'not-found') notFound();
  if (opening.kind === 'expired') {
    return (
      <ShareShell>
        <ShareMessage title="This link has expired" testId="share-expired">
          <p>The link to this host&apos;s dashboard is no longer valid. Ask whoever sent it for a new one.</p>
        </ShareMessage>
      </ShareShell>
    );
  }
  if (opening.kind === 'rate-limited') {
    return (
      <ShareShell>
        <ShareMessage title="Too many requests" testId="share-rate-limited">
          <p>This address has opened shared views too often in the last minute. Try again in {opening.retryAfterSeconds} seconds.</p>
        </ShareMessage>
      </ShareShell>
    );
  }
  if (opening.kind === 'unavailable') {
    return (
      <ShareShell>
        <StoreBanner />
      </ShareShell>
    );
  }
  const { share, view, now } = opening;
  // The series endpoint's address holds the token, which stays out of the page's props: the client builds it; the window is what matters here.
  const selection = allowedSelection(parseRange(await searchParams), share.maxRangeMs);
  const initialSeries = await initialShareSeries(share, seriesWindow(chartSeries('', selection), now), now);
  return (
    <ShareShell expiresAt={share.expiresAt}>
      <ShareView initialView={view} initialSeries={initialSeries} initialSelection={selection} serverNow={now} />
    </ShareShell>
  );
}

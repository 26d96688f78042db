import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { chartSeries, hostSeriesBase, seriesKey } from '@/lib/ui/chart-specs';
import { parseRange } from '@/lib/ui/range';
import { hostTitle, loadHostPage } from '@/lib/pages/dashboard';
import { guardPage } from '@/lib/pages/guard';
import { PageShell } from '@/app/_components/page-shell';
import { ShareDialog } from '@/app/settings/shares/_components/share-dialog';
import { HostView } from './_components/host-view';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  // The title names the host, so it is authorized like the page itself: signed-out visitors are redirected before any read.
  if (!(await guardPage(`/hosts/${encodeURIComponent(id)}`))) return { title: 'Host' };
  return { title: (await hostTitle(id)) ?? 'Host' };
}

/**
 * One host's history. The server reads the header and the charts' first
 * answer, so the page arrives drawn; the client then follows the range in
 * the URL and polls.
 */
export default async function HostPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await guardPage(`/hosts/${encodeURIComponent(id)}`);
  if (!user) return <PageShell user={null}>{null}</PageShell>;
  const request = chartSeries(hostSeriesBase(id), parseRange(await searchParams));
  const data = await loadHostPage(id, request);
  if (data.kind === 'missing') notFound();
  return (
    <PageShell user={user} initialAlerts={data.alerts}>
      {user.role === 'admin' && (
        <div className="mb-3 flex justify-end">
          <ShareDialog hostId={id} hostName={data.detail?.host.name ?? id} />
        </div>
      )}
      <HostView
        hostId={id}
        initialDetail={data.detail}
        initialSeries={data.initialSeries}
        initialSeriesKey={seriesKey(request)}
        initialAlerts={data.alerts}
        initialPeriods={data.periods}
        initialPeriodsKey={data.periodsKey}
        serverNow={data.now}
      />
    </PageShell>
  );
}

import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadWindowsPage } from '@/lib/pages/alerts';
import { StoreBanner } from '@/app/_components/store-banner';
import { AlertsShell } from '../_components/alerts-shell';
import { WindowsView } from './_components/windows-view';

export const metadata: Metadata = { title: 'Maintenance · Alerts' };
export const dynamic = 'force-dynamic';

export default async function WindowsPage() {
  const user = await guardPage('/alerts/windows');
  const loaded = user?.role === 'admin' ? await loadWindowsPage() : null;
  return (
    <AlertsShell user={user} title="Maintenance and silences" adminOnly>
      {loaded?.data ? (
        <WindowsView initialWindows={loaded.data.windows} initialSilences={loaded.data.silences} rules={loaded.data.rules} hosts={loaded.data.hosts} serverNow={loaded.now} />
      ) : (
        <StoreBanner />
      )}
    </AlertsShell>
  );
}

import type { Metadata } from 'next';
import { getStore } from '@/lib/store';
import { guardPage, readOrOutage } from '@/app/_components/page-guard';
import { LocalTime } from '@/app/_components/relative-time';
import { StoreBanner } from '@/app/_components/store-banner';
import { cardClass, tdClass, thClass } from '@/app/_components/styles';
import { SettingsShell } from '../_components/settings-shell';

export const metadata: Metadata = { title: 'Share links · Settings' };
export const dynamic = 'force-dynamic';

async function load() {
  const store = getStore();
  const [shares, hosts] = await Promise.all([store.listShares(), store.listHosts()]);
  const names = new Map(hosts.map((h) => [h.id, h.name]));
  return shares.map((s) => ({ id: s.id, label: s.label, host: names.get(s.hostId) ?? s.hostId, createdAt: s.createdAt, expiresAt: s.expiresAt, viewCount: s.viewCount }));
}

/** Where share links are managed: the list of existing links; creating them comes with the share-link work. */
export default async function SharesSettingsPage() {
  const user = await guardPage('/settings/shares');
  const shares = user ? await readOrOutage(load) : null;
  return (
    <SettingsShell user={user} title="Share links">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A share link shows one host&apos;s dashboard to someone without an account, read-only and for a limited time. Links appear here with their
        expiry and view count.
      </p>
      {user &&
        (shares === null ? (
          <StoreBanner />
        ) : shares.length === 0 ? (
          <p className={`${cardClass} p-4 text-sm`}>No share links yet.</p>
        ) : (
          <div className={`${cardClass} relative overflow-x-auto`}>
            <table className="w-full min-w-[560px] border-collapse" aria-label="Share links">
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  {['Label', 'Host', 'Created', 'Expires', 'Views'].map((h) => (
                    <th key={h} scope="col" className={thClass}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shares.map((s) => (
                  <tr key={s.id} className="border-b border-zinc-100 dark:border-zinc-800/60">
                    <td className={tdClass}>{s.label}</td>
                    <td className={tdClass}>{s.host}</td>
                    <td className={tdClass}>
                      <LocalTime ts={s.createdAt} />
                    </td>
                    <td className={tdClass}>{s.expiresAt === null ? 'never' : <LocalTime ts={s.expiresAt} />}</td>
                    <td className={tdClass}>{s.viewCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </SettingsShell>
  );
}

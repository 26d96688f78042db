import type { Metadata } from 'next';
import Link from 'next/link';
import { guardPage } from '@/lib/pages/guard';
import { loadRulesPage } from '@/lib/pages/alerts';
import { StoreBanner } from '@/app/_components/store-banner';
import { buttonClass } from '@/app/_components/styles';
import { AlertsShell } from '../_components/alerts-shell';
import { RulesList } from './_components/rules-list';

export const metadata: Metadata = { title: 'Rules · Alerts' };
export const dynamic = 'force-dynamic';

export default async function RulesPage() {
  const user = await guardPage('/alerts/rules');
  const data = user?.role === 'admin' ? await loadRulesPage() : null;
  return (
    <AlertsShell
      user={user}
      title="Rules"
      adminOnly
      actions={
        <Link href="/alerts/rules/new" className={buttonClass}>
          New rule
        </Link>
      }
    >
      {data ? <RulesList initial={data.rules} channels={data.channels} hosts={data.hosts} /> : <StoreBanner />}
    </AlertsShell>
  );
}

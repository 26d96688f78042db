import type { PublicUser } from '@/lib/accounts/rules';
import type { loadRuleEditor } from '@/lib/pages/alerts';
import { StoreBanner } from '@/app/_components/store-banner';
import { AlertsShell } from '../../_components/alerts-shell';
import { RuleEditor } from './rule-editor';

type Loaded = Extract<Awaited<ReturnType<typeof loadRuleEditor>>, { kind: 'found' }>;

/** The new-rule and edit-rule pages: the same editor, with or without a rule. */
export function RuleEditorPage({ user, title, loaded }: { user: PublicUser | null; title: string; loaded: Loaded | null }) {
  const data = loaded?.data;
  return (
    <AlertsShell user={user} title={title} adminOnly>
      {data ? <RuleEditor rule={data.rule} signals={data.signals} channels={data.channels} hosts={data.hosts} /> : <StoreBanner />}
    </AlertsShell>
  );
}

import type { Metadata } from 'next';
import { guardPage } from '@/lib/pages/guard';
import { loadRuleEditor } from '@/lib/pages/alerts';
import { RuleEditorPage } from '../_components/rule-editor-page';

export const metadata: Metadata = { title: 'New rule · Alerts' };
export const dynamic = 'force-dynamic';

export default async function NewRulePage() {
  const user = await guardPage('/alerts/rules/new');
  const loaded = user?.role === 'admin' ? await loadRuleEditor(null) : null;
  return <RuleEditorPage user={user} title="New rule" loaded={loaded?.kind === 'found' ? loaded : null} />;
}

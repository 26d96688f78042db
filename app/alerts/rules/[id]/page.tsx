import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { guardPage } from '@/lib/pages/guard';
import { loadRuleEditor } from '@/lib/pages/alerts';
import { RuleEditorPage } from '../_components/rule-editor-page';

export const metadata: Metadata = { title: 'Edit rule · Alerts' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export default async function EditRulePage({ params }: Props) {
  const { id } = await params;
  const user = await guardPage(`/alerts/rules/${encodeURIComponent(id)}`);
  const loaded = user?.role === 'admin' ? await loadRuleEditor(id) : null;
  if (loaded?.kind === 'missing') notFound();
  const title = loaded?.data?.rule ? `Edit ${loaded.data.rule.name}` : 'Edit rule';
  return <RuleEditorPage user={user} title={title} loaded={loaded?.kind === 'found' ? loaded : null} />;
}

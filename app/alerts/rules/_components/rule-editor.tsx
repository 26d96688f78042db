'use client';

import Link from 'next/link';
import type { FormEvent } from 'react';
import type { AlertRule } from '@/lib/alerts/schemas';
import type { SignalInfo } from '@/lib/ui/alerts/api-types';
import { ruleText } from '@/lib/ui/alerts/rule-words';
import { FormError } from '@/app/_components/field';
import { buttonClass, cardClass, inputClass, labelClass, secondaryButtonClass } from '@/app/_components/styles';
import { ariaFor, FieldError } from '../../_components/form-field';
import { ScopeFields } from '../../_components/scope-fields';
import { ConditionFields, EditorField } from './condition-fields';
import { NotifyFields } from './notify-fields';
import { RulePreview } from './rule-preview';
import { useRuleForm } from './use-rule-form';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `section-${title.toLowerCase()}`;
  return (
    <section className={`${cardClass} space-y-3 p-4`} aria-labelledby={id}>
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * A new rule or an edit: the condition, how long it must hold and where,
 * severity and notifications; checked in the browser as the server will, the
 * server's own refusals shown beside their fields, and beside it all the
 * preview of how often it would have fired.
 */
export function RuleEditor({
  rule,
  signals,
  channels,
  hosts,
}: {
  rule: AlertRule | null;
  signals: SignalInfo[];
  channels: { id: string; name: string; kind: string }[];
  hosts: { id: string; name: string; tags: string[] }[];
}) {
  const { form, update, errors, check, save, saving, saveError, submitted } = useRuleForm({
    rule,
    channelIds: channels.map((c) => c.id),
    hostIds: hosts.map((h) => h.id),
  });
  const noFor = form.kind === 'host_down' || form.kind === 'dropping';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };
  const summary = check.ok ? ruleText({ condition: check.rule.condition as AlertRule['condition'], forMs: check.rule.forMs ?? 0 }) : null;
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={submit} className="space-y-4" aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'} noValidate>
        <Section title="Rule">
          <div className="flex flex-wrap items-start gap-3">
            <EditorField label="Name" name="name" errors={errors}>
              <input className={`${inputClass} w-72`} value={form.name} onChange={(e) => update({ name: e.target.value }, ['name'])} maxLength={120} required placeholder="High CPU" {...ariaFor('name', errors.name)} />
            </EditorField>
            <label className="flex items-center gap-1.5 pt-6 text-sm">
              <input type="checkbox" checked={form.enabled} onChange={(e) => update({ enabled: e.target.checked }, ['enabled'])} />
              Enabled
            </label>
          </div>
        </Section>
        <Section title="Condition">
          <ConditionFields form={form} signals={signals} errors={errors} update={update} />
          {!noFor && (
            <EditorField label="For (minutes)" name="forMs" errors={errors} hint="How long it must hold before it fires; 0 fires at once">
              <input className={`${inputClass} w-24`} inputMode="decimal" value={form.forMin} onChange={(e) => update({ forMin: e.target.value }, ['forMs'])} {...ariaFor('forMs', errors.forMs)} />
            </EditorField>
          )}
          {summary && (
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="rule-summary">
              In words: {summary}.
            </p>
          )}
        </Section>
        <Section title="Hosts">
          <ScopeFields value={form} hosts={hosts} errors={errors} idPrefix="rule" onChange={(patch) => update(patch, 'tag' in patch ? ['scope.tag'] : 'hostId' in patch ? ['scope.hostId'] : ['scope'])} />
        </Section>
        <Section title="Notifications">
          <NotifyFields form={form} channels={channels} errors={errors} update={update} />
        </Section>
        {errors.enabled && <FieldError name="enabled" error={errors.enabled} />}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={saving}>
            {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
          </button>
          <Link href="/alerts/rules" className={secondaryButtonClass}>
            Cancel
          </Link>
          {submitted && !check.ok && <span className={`${labelClass} text-red-700 dark:text-red-400`}>Fix the fields marked above.</span>}
        </div>
        <FormError message={saveError} />
      </form>
      <div className="xl:sticky xl:top-20 xl:self-start">
        <RulePreview rule={check.ok ? check.rule : null} />
      </div>
    </div>
  );
}

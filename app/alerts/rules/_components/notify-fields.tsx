'use client';

import Link from 'next/link';
import type { FieldErrors, RuleForm } from '@/lib/ui/alerts/rule-form';
import { inputClass, labelClass, linkClass } from '@/app/_components/styles';
import { ariaFor, FieldError } from '../../_components/form-field';
import { EditorField } from './condition-fields';

type Update = (patch: Partial<RuleForm>, names: string[]) => void;

/** Severity, the channels a notification goes to, and whether it repeats while firing. */
export function NotifyFields({ form, channels, errors, update }: { form: RuleForm; channels: readonly { id: string; name: string; kind: string }[]; errors: FieldErrors; update: Update }) {
  const toggle = (id: string, on: boolean) =>
    update({ channelIds: on ? [...form.channelIds, id] : form.channelIds.filter((c) => c !== id) }, ['channelIds']);
  return (
    <div className="space-y-3">
      <EditorField label="Severity" name="severity" errors={errors}>
        <select className={`${inputClass} w-fit`} value={form.severity} onChange={(e) => update({ severity: e.target.value as RuleForm['severity'] }, ['severity'])}>
          <option value="warning">warning</option>
          <option value="critical">critical</option>
        </select>
      </EditorField>
      <fieldset className="space-y-1" aria-describedby={errors.channelIds ? 'err-channelIds' : undefined}>
        <legend className={labelClass}>Notify</legend>
        {channels.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No channels yet: alerts show on the Alerts page only. <Link href="/alerts/channels" className={linkClass}>Add a channel</Link> to be notified.
          </p>
        ) : (
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {channels.map((c) => (
              <label key={c.id} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" checked={form.channelIds.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
                {c.name} <span className="text-xs text-zinc-500">({c.kind})</span>
              </label>
            ))}
          </div>
        )}
        <FieldError name="channelIds" error={errors.channelIds} />
      </fieldset>
      <div className="flex flex-wrap items-start gap-3">
        <label className="flex items-center gap-1.5 pt-6 text-sm">
          <input type="checkbox" checked={form.repeat} onChange={(e) => update({ repeat: e.target.checked }, ['repeatMs'])} />
          Remind while firing
        </label>
        {form.repeat && (
          <div className="flex flex-col gap-1">
            <label className="flex flex-col gap-1">
              <span className={labelClass}>Every (minutes)</span>
              <input className={`${inputClass} w-24`} inputMode="numeric" value={form.repeatMin} onChange={(e) => update({ repeatMin: e.target.value }, ['repeatMs'])} {...ariaFor('repeatMs', errors.repeatMs)} />
            </label>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">At least 5; an acknowledgement stops reminders</span>
            <FieldError name="repeatMs" error={errors.repeatMs} />
          </div>
        )}
      </div>
    </div>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import { scheduleFromForm, type WindowFormValues } from '@/lib/ui/alerts/schedule';
import { detailsOf, errorsByField } from '@/lib/ui/alerts/rule-form';
import { FormError } from '@/app/_components/field';
import { ApiError, sendJson } from '@/app/_components/fetcher';
import { requestErrorMessage } from '@/app/_components/use-request';
import { buttonClass, inputClass } from '@/app/_components/styles';
import { ariaFor, FormField } from '../../_components/form-field';
import { ScopeFields, type ScopeValue } from '../../_components/scope-fields';

/** The API's schedule fields as this form names them. */
const FORM_FIELD: Record<string, string> = { 'schedule.from': 'from', 'schedule.to': 'to', 'schedule.startMinute': 'startUtc', 'schedule.durationMs': 'durationMin', schedule: 'kind' };

const EMPTY: WindowFormValues = { kind: 'once', from: '', to: '', startUtc: '02:00', durationMin: '60' };

/** A maintenance window: once (from–to, local time) or every day (a UTC start and a length), for all hosts, a tag or one host. */
export function WindowForm({ hosts, onCreated }: { hosts: { id: string; name: string; tags: string[] }[]; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [values, setValues] = useState<WindowFormValues>(EMPTY);
  const [scope, setScope] = useState<ScopeValue>({ scopeKind: 'all', tag: '', hostId: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<WindowFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const found: Record<string, string> = {};
    if (name.trim() === '') found.name = 'give the window a name';
    const schedule = scheduleFromForm(values);
    if (!schedule.ok) found[schedule.field] = schedule.message;
    if (scope.scopeKind === 'tag' && scope.tag.trim() === '') found['scope.tag'] = 'name a tag';
    if (scope.scopeKind === 'host' && scope.hostId === '') found['scope.hostId'] = 'pick a host';
    setErrors(found);
    if (Object.keys(found).length > 0 || !schedule.ok) return;
    const body = {
      name: name.trim(),
      schedule: schedule.schedule,
      scope: scope.scopeKind === 'tag' ? { kind: 'tag', tag: scope.tag.trim() } : scope.scopeKind === 'host' ? { kind: 'host', hostId: scope.hostId } : { kind: 'all' },
    };
    setBusy(true);
    try {
      await sendJson('POST', '/api/v1/alerts/windows', body);
      setName('');
      setValues(EMPTY);
      onCreated();
    } catch (err) {
      const byField = err instanceof ApiError && err.status === 400 ? errorsByField(detailsOf(err.details).map((d) => ({ ...d, path: FORM_FIELD[d.path] ?? d.path }))) : {};
      setErrors(byField);
      setMessage(Object.keys(byField).length > 0 ? 'Some fields were refused; see the messages beside them.' : requestErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: string, label: string, input: React.ReactNode, hint?: string) => (
    <FormField label={label} name={`window-${key}`} error={errors[key]} hint={hint}>
      {input}
    </FormField>
  );
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="New maintenance window" noValidate>
      <div className="flex flex-wrap items-start gap-3">
        {field('name', 'Name', <input className={`${inputClass} w-56`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} placeholder="Nightly backup" {...ariaFor('window-name', errors.name)} />)}
        {field(
          'kind',
          'Happens',
          <select className={inputClass} value={values.kind} onChange={(e) => set({ kind: e.target.value as WindowFormValues['kind'] })}>
            <option value="once">once</option>
            <option value="daily">every day</option>
          </select>,
        )}
        {values.kind === 'once' ? (
          <>
            {field('from', 'From (your local time)', <input type="datetime-local" className={inputClass} value={values.from} onChange={(e) => set({ from: e.target.value })} {...ariaFor('window-from', errors.from)} />)}
            {field('to', 'To', <input type="datetime-local" className={inputClass} value={values.to} onChange={(e) => set({ to: e.target.value })} {...ariaFor('window-to', errors.to)} />)}
          </>
        ) : (
          <>
            {field('startUtc', 'Starts at (UTC)', <input type="time" className={inputClass} value={values.startUtc} onChange={(e) => set({ startUtc: e.target.value })} {...ariaFor('window-startUtc', errors.startUtc)} />)}
            {field(
              'durationMin',
              'For (minutes)',
              <input className={`${inputClass} w-24`} inputMode="numeric" value={values.durationMin} onChange={(e) => set({ durationMin: e.target.value })} {...ariaFor('window-durationMin', errors.durationMin)} />,
              'Up to 1440 (a day)',
            )}
          </>
        )}
      </div>
      <ScopeFields value={scope} hosts={hosts} errors={errors} idPrefix="window" onChange={(p) => setScope((s) => ({ ...s, ...p }))} />
      <FormError message={message} />
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? 'Adding…' : 'Add window'}
      </button>
    </form>
  );
}

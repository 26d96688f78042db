'use client';

import { useState, type FormEvent } from 'react';
import type { Channel } from '@/lib/alerts/schemas';
import type { ChannelKind, TestAnswer } from '@/lib/ui/alerts/api-types';
import { detailsOf, errorsByField } from '@/lib/ui/alerts/rule-form';
import { FormError } from '@/app/_components/field';
import { ApiError, sendJson } from '@/app/_components/fetcher';
import { requestErrorMessage } from '@/app/_components/use-request';
import { buttonClass, inputClass, labelClass, secondaryButtonClass, segmentClass } from '@/app/_components/styles';
import { ariaFor, FormField } from '../../_components/form-field';
import { configOf, initialValues, KindFields, type ConfigValues } from './kind-fields';
import { TestResult } from './test-result';

type Mode = 'kind' | 'url';

/**
 * A new channel (pick a kind and fill its form, or paste a Shoutrrr URL) or
 * an edit of one. "Send test" sends what is typed, unsaved, and shows what
 * the receiver answered; the server's refusals show beside their fields.
 */
export function ChannelForm({ kinds, channel, onSaved, onCancel }: { kinds: ChannelKind[]; channel?: Channel; onSaved: () => void; onCancel: () => void }) {
  const [mode, setMode] = useState<Mode>('kind');
  const [name, setName] = useState(channel?.name ?? '');
  const [kind, setKind] = useState(channel?.kind ?? kinds[0]?.kind ?? '');
  const fields = kinds.find((k) => k.kind === kind)?.fields ?? [];
  const [values, setValues] = useState<ConfigValues>(() => initialValues(fields, channel?.config));
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [test, setTest] = useState<TestAnswer | null>(null);
  const prefix = channel ? `channel-${channel.id}` : 'channel-new';

  const pickKind = (k: string) => {
    setKind(k);
    setValues(initialValues(kinds.find((x) => x.kind === k)?.fields ?? []));
    setErrors({});
    setTest(null);
  };
  /** The body's source part, or null after marking what is missing. */
  const source = (): { kind: string; config: Record<string, string | number | boolean> } | { url: string } | null => {
    if (mode === 'url') {
      if (url.trim() === '') {
        setErrors({ url: 'paste a URL such as ntfy://ntfy.sh/my-topic' });
        return null;
      }
      return { url: url.trim() };
    }
    const built = configOf(fields, values);
    if (Object.keys(built.errors).length > 0) {
      setErrors(built.errors);
      return null;
    }
    return { kind, config: built.config };
  };
  const failed = (err: unknown) => {
    const byField = err instanceof ApiError && err.status === 400 ? errorsByField(detailsOf(err.details)) : {};
    setErrors(byField);
    setMessage(Object.keys(byField).length > 0 ? 'Some fields were refused; see the messages beside them.' : requestErrorMessage(err));
  };

  const sendTest = async () => {
    setMessage(null);
    setTest(null);
    const src = source();
    if (!src) return;
    setErrors({});
    setBusy('test');
    try {
      setTest(await sendJson<TestAnswer>('POST', '/api/v1/alerts/channels/test', { ...src, ...(channel ? { id: channel.id } : {}) }));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (name.trim() === '') {
      setErrors({ name: 'give the channel a name' });
      return;
    }
    const src = source();
    if (!src) return;
    setErrors({});
    setBusy('save');
    try {
      if (channel) await sendJson('PATCH', `/api/v1/alerts/channels/${encodeURIComponent(channel.id)}`, { name: name.trim(), config: 'config' in src ? src.config : undefined });
      else await sendJson('POST', '/api/v1/alerts/channels', { name: name.trim(), ...src });
      onSaved();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label={channel ? `Edit channel ${channel.name}` : 'New channel'} noValidate>
      <div className="flex flex-wrap items-start gap-3">
        <FormField label="Name" name={`${prefix}-name`} error={errors.name}>
          <input className={`${inputClass} w-64`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required placeholder="On-call webhook" {...ariaFor(`${prefix}-name`, errors.name)} />
        </FormField>
        {!channel && (
          <div className="flex flex-col gap-1">
            <span className={labelClass} id={`${prefix}-mode`}>
              Set up by
            </span>
            <div role="group" aria-labelledby={`${prefix}-mode`} className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
              <button type="button" className={segmentClass(mode === 'kind')} aria-pressed={mode === 'kind'} onClick={() => setMode('kind')}>
                Picking a kind
              </button>
              <button type="button" className={segmentClass(mode === 'url')} aria-pressed={mode === 'url'} onClick={() => setMode('url')}>
                Pasting a URL
              </button>
            </div>
          </div>
        )}
        {mode === 'kind' && (
          <FormField label="Kind" name={`${prefix}-kind`} error={errors.kind}>
            <select className={inputClass} value={kind} onChange={(e) => pickKind(e.target.value)} disabled={channel !== undefined} {...ariaFor(`${prefix}-kind`, errors.kind)}>
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </FormField>
        )}
      </div>
      {mode === 'kind' ? (
        <KindFields fields={fields} values={values} errors={errors} prefix={prefix} stored={channel?.config} onChange={(n, v) => setValues((old) => ({ ...old, [n]: v }))} />
      ) : (
        <FormField
          label="Shoutrrr URL"
          name={`${prefix}-url`}
          error={errors.url}
          hint={<>Kinds read from URLs: {kinds.flatMap((k) => k.schemes).join(', ')}. It holds secrets: it is stored as settings and shown masked.</>}
        >
          <input
            className={`${inputClass} font-mono`}
            type="password"
            autoComplete="off"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            maxLength={4096}
            placeholder="discord://token@id, ntfy://ntfy.sh/topic, smtp://user:pass@host:587/?from=…&to=…"
            {...ariaFor(`${prefix}-url`, errors.url)}
          />
        </FormField>
      )}
      <TestResult result={test} />
      <FormError message={message} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : channel ? 'Save channel' : 'Create channel'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={sendTest} disabled={busy !== null}>
          {busy === 'test' ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import type { AlertView } from '@/lib/ui/alerts/api-types';
import { fromLocalInput, SILENCE_PRESETS, toLocalInput } from '@/lib/ui/alerts/schedule';
import { Field, FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { Modal } from '@/app/_components/modal';
import { useRequest } from '@/app/_components/use-request';
import { buttonClass, inputClass, secondaryButtonClass } from '@/app/_components/styles';

type Choice = (typeof SILENCE_PRESETS)[number]['key'] | 'custom';

/**
 * Silences one alert (its rule on its host, and its entity when it has one)
 * for 1 h, 4 h, 1 d or until a chosen time. A silence holds notifications
 * back; the alert stays on the page, marked silenced.
 */
export function SilenceDialog({ alert, onClose, onDone }: { alert: AlertView | null; onClose: () => void; onDone: () => void }) {
  const [choice, setChoice] = useState<Choice>('1h');
  const [until, setUntil] = useState(() => toLocalInput(Date.now() + 2 * 3_600_000));
  const [comment, setComment] = useState('');
  const { busy, error, run, clearError } = useRequest();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const close = () => {
    clearError();
    setFieldError(null);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!alert) return;
    const preset = SILENCE_PRESETS.find((p) => p.key === choice);
    const end = preset ? Date.now() + preset.ms : fromLocalInput(until);
    if (end === null || end <= Date.now()) {
      setFieldError('Pick a time in the future.');
      return;
    }
    setFieldError(null);
    const body = { ruleId: alert.ruleId, hostId: alert.hostId, ...(alert.entity ? { entity: alert.entity } : {}), until: end, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    const ok = await run('silence', () => sendJson('POST', '/api/v1/alerts/silences', body));
    if (ok !== undefined) {
      setComment('');
      onDone();
    }
  };
  const what = alert ? `${alert.ruleName} on ${alert.hostName}${alert.entity ? ` (${alert.entity})` : ''}` : '';
  return (
    <Modal open={alert !== null} onEscape={close} labelledBy="silence-title" widthClass="w-[min(30rem,calc(100vw-2rem))]">
      <form onSubmit={submit} className="space-y-4">
        <div>
          <h2 id="silence-title" className="text-lg font-semibold">
            Silence {what}
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No notifications for it until then; it stays listed here, marked silenced.</p>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-xs font-medium text-zinc-600 dark:text-zinc-400">For</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {SILENCE_PRESETS.map((p) => (
              <label key={p.key} className="flex items-center gap-1.5 text-sm">
                <input type="radio" name="silence-for" value={p.key} checked={choice === p.key} onChange={() => setChoice(p.key)} />
                {p.label}
              </label>
            ))}
            <label className="flex items-center gap-1.5 text-sm">
              <input type="radio" name="silence-for" value="custom" checked={choice === 'custom'} onChange={() => setChoice('custom')} />
              Until…
            </label>
          </div>
          {choice === 'custom' && (
            <Field label="Until (your local time)">
              <input type="datetime-local" className={inputClass} value={until} onChange={(e) => setUntil(e.target.value)} required aria-invalid={fieldError !== null} />
            </Field>
          )}
        </fieldset>
        <Field label="Comment (optional)">
          <input className={inputClass} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} placeholder="Deploying, back at 15:00" />
        </Field>
        <FormError message={fieldError ?? error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={close}>
            Cancel
          </button>
          <button type="submit" className={buttonClass} disabled={busy !== null}>
            {busy ? 'Silencing…' : 'Silence'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

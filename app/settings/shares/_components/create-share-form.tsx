'use client';

import { useState, type FormEvent } from 'react';
import { EXPIRY_KEYS, EXPIRY_LABELS, RANGE_KEYS, RANGE_LABELS, type ExpiryChoice, type RangeChoice } from '@/lib/shares/rules';
import type { CreatedShare } from '@/lib/shares/manage';
import { Field, FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { SecretOnce } from '@/app/_components/secret-once';
import { buttonClass, inputClass } from '@/app/_components/styles';
import { useRequest } from '@/app/_components/use-request';

/**
 * Creates a link for one host: label, expiry, the longest history the viewer
 * may see, and whether the process list is included. With `hosts`, the
 * admin picks the host (settings); without, it is the given one (host page).
 */
export function CreateShareForm({
  hostId,
  hosts,
  onCreated,
}: {
  hostId?: string;
  hosts?: { id: string; name: string }[];
  onCreated: (created: CreatedShare) => void;
}) {
  const [target, setTarget] = useState(hostId ?? hosts?.[0]?.id ?? '');
  const [label, setLabel] = useState('');
  const [expiresIn, setExpiresIn] = useState<ExpiryChoice>('7d');
  const [maxRange, setMaxRange] = useState<RangeChoice>('24h');
  const [includeProcesses, setIncludeProcesses] = useState(false);
  const [includeAlerts, setIncludeAlerts] = useState(false);
  const { busy, error, run } = useRequest();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await run('create', () =>
      sendJson<CreatedShare>('POST', `/api/v1/hosts/${encodeURIComponent(target)}/shares`, {
        label: label.trim(),
        expiresIn,
        maxRange,
        includeProcesses,
        includeAlerts,
      }),
    );
    if (created) {
      setLabel('');
      onCreated(created);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create a share link">
      {hosts && (
        <Field label="Host">
          <select className={inputClass} value={target} onChange={(e) => setTarget(e.target.value)} required>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Label (only admins see it)">
        <input className={inputClass} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} placeholder="status wall, customer…" />
      </Field>
      <Field label="Expires after">
        <select className={inputClass} value={expiresIn} onChange={(e) => setExpiresIn(e.target.value as ExpiryChoice)}>
          {EXPIRY_KEYS.map((k) => (
            <option key={k} value={k}>
              {EXPIRY_LABELS[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="History shown">
        <select className={inputClass} value={maxRange} onChange={(e) => setMaxRange(e.target.value as RangeChoice)}>
          {RANGE_KEYS.map((k) => (
            <option key={k} value={k}>
              up to {RANGE_LABELS[k]}
            </option>
          ))}
        </select>
      </Field>
      <label className="flex max-w-xs items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={includeProcesses} onChange={(e) => setIncludeProcesses(e.target.checked)} />
        <span>
          Include the process list
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">Names, users and command lines, which can hold secrets.</span>
        </span>
      </label>
      <label className="flex max-w-xs items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={includeAlerts} onChange={(e) => setIncludeAlerts(e.target.checked)} />
        <span>
          Include alerts
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">The host&apos;s firing and pending alerts: rule names and values.</span>
        </span>
      </label>
      <button type="submit" className={buttonClass} disabled={busy !== null || !target}>
        {busy ? 'Creating…' : 'Create link'}
      </button>
      <FormError message={error} wide />
    </form>
  );
}

/** The new link, shown once: the store keeps only its hash. */
export function CreatedLink({ url, onDone }: { url: string; onDone: () => void }) {
  return (
    <SecretOnce
      message="Link created. Copy it now; it is not shown again. Anyone with it sees this host read-only until it expires or you revoke it."
      value={url}
      kind="link"
      testId="share-url"
      copyLabel="Copy link"
      doneClassName="text-sm underline"
      onDone={onDone}
    />
  );
}

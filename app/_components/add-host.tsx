'use client';

import { useState, type FormEvent } from 'react';
import { TAG_HINT } from '@/lib/accounts/tag-rules';
import { parseTagInput } from '@/lib/ui/tags';
import { Field, FormError } from './field';
import { sendJson } from './fetcher';
import { CopyableCode, ShownOnce } from './secret-once';
import { buttonClass, inputClass, secondaryButtonClass } from './styles';
import { useRequest } from './use-request';

export interface Enrolment {
  id: string;
  token: string;
  installCommand: string;
}

/** Shows a host token and its install command once, with copy buttons; the token is never shown again. */
export function EnrolmentInfo({ enrolment, name }: { enrolment: Enrolment; name: string }) {
  return (
    <ShownOnce spacingClass="space-y-3" testId="enrolment">
      <p>
        <strong>{name}</strong> is ready. Run this on the server to install and start its collector. The token is shown only now.
      </p>
      <CopyableCode label="Install command" value={enrolment.installCommand} kind="command" testId="install-command" copyLabel="Copy command" />
      <CopyableCode label="Host token" value={enrolment.token} kind="token" testId="host-token" copyLabel="Copy token" />
    </ShownOnce>
  );
}

/** Admin form: name and tags → a new host with its token and install command. */
export function AddHostForm({ onCreated, onCancel }: { onCreated?: (e: Enrolment, name: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const { busy, error, run } = useRequest('Could not reach the server.');
  const [created, setCreated] = useState<{ enrolment: Enrolment; name: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const enrolment = await run('add', () => sendJson<Enrolment>('POST', '/api/v1/hosts', { name: name.trim(), tags: parseTagInput(tags) }));
    if (enrolment) {
      setCreated({ enrolment, name: name.trim() });
      onCreated?.(enrolment, name.trim());
    }
  }

  if (created) {
    return (
      <div className="space-y-3">
        <EnrolmentInfo enrolment={created.enrolment} name={created.name} />
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => {
            setCreated(null);
            setName('');
            setTags('');
          }}
        >
          Add another host
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Add a host">
      <Field label="Host name">
        <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="web-1" />
      </Field>
      <Field label={<>Tags <span className="font-normal text-zinc-500">(optional, comma-separated; {TAG_HINT})</span></>}>
        <input className={inputClass} value={tags} onChange={(e) => setTags(e.target.value)} placeholder="prod, eu-west" />
      </Field>
      <button type="submit" className={buttonClass} disabled={busy !== null || !name.trim()}>
        {busy ? 'Adding…' : 'Add host'}
      </button>
      {onCancel && (
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
      )}
      <FormError message={error} wide />
    </form>
  );
}

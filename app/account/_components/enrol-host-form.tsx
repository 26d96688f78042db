'use client';

import { useState, type FormEvent } from 'react';
import { buttonClass, errorClass, inputClass, labelClass } from '@/app/login/_components/styles';
import { callApi } from './api';
import { SecretOnce } from './secret-once';

/** Admins add a server: name and tags in, the one-line install command (with the host token) out, once. */
export function EnrolHostForm() {
  const [result, setResult] = useState<{ name: string; installCommand: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name') ?? '');
    const tags = String(form.get('tags') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    setError(null);
    try {
      const { installCommand } = await callApi<{ installCommand: string }>('POST', '/api/v1/hosts', { name, tags });
      setResult({ name, installCommand });
      formElement.reset();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      {result && <SecretOnce label={`Run this on ${result.name} to install the collector`} value={result.installCommand} />}
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="host-name" className={labelClass}>
            Host name
          </label>
          <input id="host-name" name="name" required maxLength={100} className={inputClass} />
        </div>
        <div>
          <label htmlFor="host-tags" className={labelClass}>
            Tags <span className="font-normal text-zinc-500">(optional, comma-separated)</span>
          </label>
          <input id="host-tags" name="tags" className={inputClass} />
        </div>
        <button type="submit" className={buttonClass}>
          Add host
        </button>
      </form>
    </div>
  );
}

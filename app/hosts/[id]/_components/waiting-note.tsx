'use client';

import { useState } from 'react';
import { EnrolmentInfo, type Enrolment } from '@/app/_components/add-host';
import { FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { secondaryButtonClass } from '@/app/_components/styles';
import { useRequest } from '@/app/_components/use-request';

/**
 * A host that never reported: waiting for its first report, not down. Its
 * token was shown once, when it was added, and only its hash is kept, so the
 * install command at hand comes with a fresh token (the token rotation admins
 * already have); nothing is lost, as no collector is using the old one yet.
 */
export function WaitingNote({ hostId, name, adminHints }: { hostId: string; name: string; adminHints: boolean }) {
  const { busy, error, run } = useRequest();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  if (!adminHints) {
    return (
      <p role="status" className="rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950" data-testid="waiting-note">
        This host has not reported yet. It is waiting for its first report.
      </p>
    );
  }
  async function enrol() {
    const answer = await run('enrol', () => sendJson<Enrolment>('POST', `/api/v1/hosts/${encodeURIComponent(hostId)}/rotate-token`));
    if (answer) setEnrolment(answer);
  }
  return (
    <div role="status" className="space-y-2 rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950" data-testid="waiting-note">
      <p>
        <strong>Waiting for the first report.</strong> Install the collector on the server with this host&apos;s token (the install command shown when
        the host was added); its data appears here within seconds of the first batch.
      </p>
      {enrolment ? (
        <EnrolmentInfo enrolment={enrolment} name={name} />
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={secondaryButtonClass} onClick={() => void enrol()} disabled={busy !== null}>
            {busy ? 'Making a token…' : 'Show an install command'}
          </button>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">Makes a new token for this host; the one shown when it was added stops working.</span>
          <FormError message={error} wide />
        </div>
      )}
    </div>
  );
}

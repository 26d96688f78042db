'use client';

import { useState } from 'react';
import type { TwoFactorState } from '@/lib/accounts/two-factor';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { cardClass, secondaryButtonClass } from '@/app/_components/styles';
import { useAction } from '../_components/use-action';

/** What the users screen knows of two-factor: each user's state, and whether it is required of everyone. */
export interface TwoFactorOverview {
  states: Record<string, TwoFactorState>;
  required: boolean;
}

const WORDS: Record<TwoFactorState, string> = { on: 'On', pending: 'Setting up', off: 'Off' };

/** The admin setting "require two-factor for all password users" (PUT /api/v1/settings/two-factor). */
export function RequireTwoFactor({ required }: { required: boolean }) {
  const { busy, error, run } = useAction();
  return (
    <div className={`${cardClass} space-y-2 p-4`}>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={required}
          disabled={busy !== null}
          onChange={(e) => run('require', () => sendJson('PUT', '/api/v1/settings/two-factor', { required: e.target.checked }))}
        />
        <span>
          <span className="font-medium">Require two-factor codes for every user.</span>{' '}
          <span className="text-zinc-500">Users without them are sent to set them up at their next page and can do nothing else until they have.</span>
        </span>
      </label>
      <FormError message={error} />
    </div>
  );
}

/** A user's two-factor state in the users table, with a reset for a lost phone. */
export function TwoFactorCell({ email, userId, state }: { email: string; userId: string; state: TwoFactorState }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  return (
    <div className="flex items-center gap-2">
      <span data-testid={`two-factor-${email}`}>{WORDS[state]}</span>
      {state !== 'off' && (
        <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(true)} aria-label={`Reset two-factor of ${email}`}>
          Reset
        </button>
      )}
      <FormError message={error} />
      <ConfirmDialog
        open={confirming}
        title={`Reset two-factor of ${email}?`}
        confirmLabel="Reset two-factor"
        busy={busy !== null}
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          await run('reset', () => sendJson('DELETE', `/api/v1/users/${encodeURIComponent(userId)}/two-factor`));
          setConfirming(false);
        }}
      >
        <p>Their authenticator app and recovery codes stop working; they sign in with the password alone until they set up codes again.</p>
      </ConfirmDialog>
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { Enrolment, TwoFactorStatus } from '@/lib/accounts/two-factor';
import { Field, FormError } from '@/app/_components/field';
import { sendJson } from '@/app/_components/fetcher';
import { buttonClass, cardClass, inputClass, secondaryButtonClass } from '@/app/_components/styles';
import { useRequest } from '@/app/_components/use-request';

const hint = 'text-sm text-zinc-600 dark:text-zinc-400';

/** Recovery codes, shown once after turning two-factor on: the person must say they saved them before the page moves on. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="space-y-3">
      <p className="text-sm font-medium">Two-factor codes are on. Save these recovery codes now: they are shown only this once.</p>
      <p className={hint}>Each one signs you in once in place of a code, if you lose your phone. Keep them somewhere safe, away from your password.</p>
      <ol data-testid="recovery-codes" aria-label="Recovery codes" className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <button type="button" className={buttonClass} onClick={onDone}>
        I have saved these codes
      </button>
    </div>
  );
}

/** Scan (or type the key), then prove the app works with one code: only then are codes on. */
function Enrol({ enrolment, onConfirmed }: { enrolment: Enrolment; onConfirmed: (codes: string[]) => void }) {
  const [code, setCode] = useState('');
  const { busy, error, run } = useRequest();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const answer = await run('confirm', () => sendJson<{ recoveryCodes: string[] }>('POST', '/api/v1/account/two-factor/confirm', { code }));
    if (answer) onConfirmed(answer.recoveryCodes);
  };
  return (
    <div className="space-y-3">
      <p className={hint}>Scan this QR code with your authenticator app (1Password, Aegis, Google Authenticator, …), or type the key into it by hand.</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL rendered on the server; next/image has nothing to optimize */}
      <img src={enrolment.qrCode} alt="QR code to add Hostwatch to an authenticator app" width={192} height={192} className="rounded-md bg-white p-1" />
      <p className="text-sm">
        Key: <code data-testid="two-factor-key" className="select-all font-mono">{enrolment.groupedSecret}</code>
      </p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Confirm two-factor codes">
        <Field label="Code from the app">
          <input
            className={inputClass}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={64}
            required
          />
        </Field>
        <button type="submit" className={buttonClass} disabled={busy !== null}>
          {busy ? 'Checking…' : 'Turn on'}
        </button>
        <FormError message={error} wide />
      </form>
    </div>
  );
}

function TurnOff({ left }: { left: number }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, run } = useRequest();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await run('off', async () => (await sendJson('POST', '/api/v1/account/two-factor/disable', { password, code }), true));
    if (done) router.refresh();
  };
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="two-factor-state">
        Two-factor codes are <strong>on</strong>. {left} recovery code{left === 1 ? '' : 's'} left.
      </p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Turn off two-factor codes">
        <Field label="Password">
          <input type="password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
        </Field>
        <Field label="Code or recovery code">
          <input className={inputClass} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" maxLength={64} required />
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={busy !== null}>
          {busy ? 'Turning off…' : 'Turn off two-factor'}
        </button>
        <FormError message={error} wide />
      </form>
    </div>
  );
}

/** The account page's two-factor section: set up an authenticator app, see how many recovery codes are left, turn it off. */
export function TwoFactorPanel({ status }: { status: TwoFactorStatus }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const { busy, error, run } = useRequest();
  const begin = async () => {
    const answer = await run('begin', () => sendJson<Enrolment>('POST', '/api/v1/account/two-factor'));
    if (answer) setEnrolment(answer);
  };
  const done = () => {
    setCodes(null);
    setEnrolment(null);
    // Someone held back by "require two-factor" may now go anywhere: the dashboard.
    if (status.mustEnrol) router.replace('/');
    router.refresh();
  };
  let body;
  if (codes) body = <RecoveryCodes codes={codes} onDone={done} />;
  else if (enrolment) body = <Enrol enrolment={enrolment} onConfirmed={setCodes} />;
  else if (status.state === 'on') body = <TurnOff left={status.recoveryCodesLeft} />;
  else {
    body = (
      <div className="space-y-3">
        <p className={hint} data-testid="two-factor-state">
          Two-factor codes are <strong>off</strong>. With them on, signing in needs a code from an app on your phone as well as your password.
        </p>
        <button type="button" className={buttonClass} onClick={begin} disabled={busy !== null}>
          {busy ? 'Starting…' : 'Set up two-factor codes'}
        </button>
        <FormError message={error} />
      </div>
    );
  }
  return <div className={`${cardClass} max-w-lg p-4`}>{body}</div>;
}

import type { ReactNode } from 'react';
import { CopyButton } from './copy-button';
import { labelClass } from './styles';

/**
 * How each kind of secret sits in its line: a token scrolls, a link breaks
 * anywhere and selects whole on a click, a command keeps its line breaks.
 */
const layout = {
  token: 'block min-w-0 flex-1 overflow-x-auto rounded bg-white px-2 py-1.5 font-mono text-xs dark:bg-zinc-900',
  link: 'block min-w-0 flex-1 overflow-x-auto break-all rounded bg-white px-2 py-1.5 font-mono text-xs select-all dark:bg-zinc-900',
  command: 'block min-w-0 flex-1 overflow-x-auto whitespace-pre rounded bg-white px-2 py-1.5 font-mono text-xs dark:bg-zinc-900',
};

/** A value to copy: its text in a code line beside a copy button, under a caption when `label` is given. */
export function CopyableCode({
  value,
  kind,
  testId,
  copyLabel,
  label,
}: {
  value: string;
  kind: keyof typeof layout;
  testId: string;
  copyLabel?: string;
  label?: string;
}) {
  const line = (
    <div className={label === undefined ? 'flex items-start gap-2' : 'mt-1 flex items-start gap-2'}>
      <code className={layout[kind]} data-testid={testId}>
        {value}
      </code>
      <CopyButton text={value} label={copyLabel} />
    </div>
  );
  if (label === undefined) return line;
  return (
    <div>
      <p className={labelClass}>{label}</p>
      {line}
    </div>
  );
}

/**
 * The green box around what the server shows only once (it keeps only a
 * hash): a new API token, share link or host enrolment.
 */
export function ShownOnce({
  spacingClass,
  role,
  testId,
  children,
}: {
  /** `space-y-…`, written out in full where it is passed so Tailwind finds it. */
  spacingClass: string;
  role?: 'status';
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div role={role} className={`${spacingClass} rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-900 dark:bg-emerald-950/50`} data-testid={testId}>
      {children}
    </div>
  );
}

/** A new secret announced to screen readers: what it is, the value with its copy button, and a button to dismiss it. */
export function SecretOnce({
  message,
  value,
  kind,
  testId,
  copyLabel,
  doneClassName,
  onDone,
}: {
  message: ReactNode;
  value: string;
  kind: keyof typeof layout;
  testId: string;
  copyLabel?: string;
  doneClassName: string;
  onDone: () => void;
}) {
  return (
    <ShownOnce spacingClass="space-y-2" role="status">
      <p>{message}</p>
      <CopyableCode value={value} kind={kind} testId={testId} copyLabel={copyLabel} />
      <button type="button" className={doneClassName} onClick={onDone}>
        Done
      </button>
    </ShownOnce>
  );
}

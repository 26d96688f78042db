import type { ReactNode } from 'react';
import { labelClass } from '@/app/_components/styles';

/**
 * Form fields of the alerting pages: a visible label around its control,
 * then a hint and the field's error below (outside the label, so they are
 * not read as part of the control's name); the error is announced when it
 * appears and tied to the control by `aria-describedby` (see ariaFor).
 */

const errorId = (name: string) => `err-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** Spread onto a control: marks it invalid and names its error. */
export function ariaFor(name: string, error: string | undefined) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId(name) : undefined };
}

export function FieldError({ name, error }: { name: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={errorId(name)} role="alert" className="text-xs text-red-700 dark:text-red-400" data-field-error={name}>
      {error}
    </span>
  );
}

/** `name` is the error path the control owns (`condition.threshold`), also its error's id. */
export function FormField({ label, name, error, hint, children }: { label: ReactNode; name: string; error: string | undefined; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label className="flex flex-col gap-1">
        <span className={labelClass}>{label}</span>
        {children}
      </label>
      {hint && <span className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>}
      <FieldError name={name} error={error} />
    </div>
  );
}

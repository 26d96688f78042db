import type { ReactNode } from 'react';
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from '@/lib/auth/password-rules';
import { inputClass, labelClass } from './styles';

/** A form control with its visible label above it; wrapping in <label> names the control without ids. */
export function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className={labelClass}>{label}</span>
      {children}
    </label>
  );
}

/**
 * The message of a failed action, announced to screen readers; nothing when
 * there is none. `wide` takes a whole row of a wrapping inline form.
 */
export function FormError({ message, wide = false }: { message: string | null | undefined; wide?: boolean }) {
  if (!message) return null;
  return (
    <p role="alert" className={wide ? 'w-full text-sm text-red-700 dark:text-red-400' : 'text-sm text-red-700 dark:text-red-400'}>
      {message}
    </p>
  );
}

/** A field for a password being chosen: the rules in its label before anyone fails them, the length checked by the browser too. */
export function NewPasswordField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <Field
      label={
        <>
          {label} <span className="font-normal text-zinc-500">({PASSWORD_HINT})</span>
        </>
      }
    >
      <input type="password" className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
    </Field>
  );
}

import type { ReactNode } from 'react';
import { labelClass } from './styles';

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

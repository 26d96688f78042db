/**
 * A form field's error beside it, announced when it appears, and the ARIA
 * props that tie it to its input (`aria-invalid`, `aria-describedby`).
 */
export function fieldIds(name: string, error: string | undefined) {
  const id = `err-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? id : undefined, id };
}

export function FieldError({ name, error }: { name: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={fieldIds(name, error).id} className="text-xs text-red-700 dark:text-red-400" data-field-error={name}>
      {error}
    </span>
  );
}

/** Spread onto an input: marks it invalid and names its error. */
export function ariaFor(name: string, error: string | undefined) {
  const ids = fieldIds(name, error);
  return { 'aria-invalid': ids['aria-invalid'], 'aria-describedby': ids['aria-describedby'] };
}

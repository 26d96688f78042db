/** A secret shown exactly once, selectable, with the warning that it will not be shown again. */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-900 dark:bg-amber-950">
      <p className="font-medium text-amber-900 dark:text-amber-100">{label} — copy it now; it will not be shown again.</p>
      <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-xs text-zinc-900 select-all dark:bg-zinc-900 dark:text-zinc-100">
        {value}
      </pre>
    </div>
  );
}

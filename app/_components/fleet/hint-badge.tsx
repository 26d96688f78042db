/** A fleet row's small badge for one kind of trouble: an icon, a short label, the whole sentence in its title and for screen readers. */
const TONES = {
  red: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  amber: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300',
} as const;

export function HintBadge({ tone, icon, label, hint, testId }: { tone: keyof typeof TONES; icon: string; label: string; hint: string; testId: string }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${TONES[tone]}`} title={hint} data-testid={testId}>
      <span aria-hidden="true">{icon}</span>
      {label}
      <span className="sr-only">: {hint}</span>
    </span>
  );
}

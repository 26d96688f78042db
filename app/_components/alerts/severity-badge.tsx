import type { Severity } from '@/lib/alerts/schemas';

const STYLE: Record<Severity, string> = {
  critical: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  warning: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
};
const DOT: Record<Severity, string> = { critical: 'bg-red-500', warning: 'bg-amber-500' };

/** Severity in words and colour (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[severity]}`} data-severity={severity}>
      <span className={`h-1.5 w-1.5 rounded-full ${DOT[severity]}`} aria-hidden="true" />
      {severity}
    </span>
  );
}

/** A host's firing alerts in the fleet table: "2 firing", coloured by the worst; "1 pending" in grey when none fire. */
export function FiringBadge({ firing, pending, worst }: { firing: number; pending: number; worst: Severity | null }) {
  if (firing === 0 && pending === 0) return null;
  const style = firing > 0 && worst ? STYLE[worst] : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300';
  const text = firing > 0 ? `${firing} firing` : `${pending} pending`;
  const title = firing > 0 ? `${firing} alert${firing === 1 ? '' : 's'} firing, worst ${worst}${pending > 0 ? `; ${pending} pending` : ''}` : `${pending} alert${pending === 1 ? '' : 's'} pending`;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${style}`} title={title} data-testid="firing-badge" data-worst={worst ?? undefined}>
      <span aria-hidden="true">{firing > 0 ? '▲' : '…'}</span>
      {text}
      {firing > 0 && worst && <span className="sr-only">, worst {worst}</span>}
    </span>
  );
}

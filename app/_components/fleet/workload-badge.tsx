import type { WorkloadTrouble } from '@/lib/metrics/workload-trouble';
import { workloadHint } from '@/lib/ui/workload-hint';

/** The fleet row's workload hint: failed services and containers in trouble, as a small amber badge with the names. */
export function WorkloadBadge({ trouble }: { trouble: WorkloadTrouble | null | undefined }) {
  const w = workloadHint(trouble);
  if (!w) return null;
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-300" title={w.hint} data-testid="workload-badge">
      <span aria-hidden="true">⚠</span>
      {w.label}
      <span className="sr-only">: {w.hint}</span>
    </span>
  );
}

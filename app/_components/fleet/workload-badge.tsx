import type { WorkloadTrouble } from '@/lib/metrics/workload-trouble';
import { workloadHint } from '@/lib/ui/workload-hint';
import { HintBadge } from './hint-badge';

/** The fleet row's workload hint: failed services and containers in trouble, as a small amber badge with the names. */
export function WorkloadBadge({ trouble }: { trouble: WorkloadTrouble | null | undefined }) {
  const w = workloadHint(trouble);
  if (!w) return null;
  return <HintBadge tone="amber" icon="⚠" label={w.label} hint={w.hint} testId="workload-badge" />;
}

import type { WorkloadTrouble } from '@/lib/metrics/workload-trouble';

/** The fleet row's workload badge: its short label and the sentence behind it (title and screen readers). */
export function workloadHint(t: WorkloadTrouble | null | undefined): { label: string; hint: string } | null {
  if (!t) return null;
  const parts: string[] = [];
  const labels: string[] = [];
  const list = (g: { count: number; names: string[] }) => g.names.join(', ') + (g.count > g.names.length ? ` and ${g.count - g.names.length} more` : '');
  if (t.services.count > 0) {
    parts.push(`${t.services.count === 1 ? 'Service' : 'Services'} failed: ${list(t.services)}`);
    labels.push(`${t.services.count} failed`);
  }
  if (t.containers.count > 0) {
    parts.push(`${t.containers.count === 1 ? 'Container' : 'Containers'} unhealthy, restarting or dead: ${list(t.containers)}`);
    labels.push(`${t.containers.count} ${t.containers.count === 1 ? 'container' : 'containers'}`);
  }
  return { label: labels.join(' · '), hint: parts.join('. ') };
}

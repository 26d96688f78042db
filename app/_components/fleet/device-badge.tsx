import type { DeviceTrouble } from '@/lib/metrics/device-entities';
import { deviceHint } from '@/lib/ui/devices';

/** The fleet row's device hint: a failing drive or a battery running low, as a small red badge with its reason. */
export function DeviceBadge({ trouble }: { trouble: DeviceTrouble | null | undefined }) {
  const hint = deviceHint(trouble);
  if (!hint) return null;
  const drive = (trouble?.failedDrives.length ?? 0) > 0;
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300" title={hint} data-testid="device-badge">
      <span aria-hidden="true">{drive ? '⛁' : '▯'}</span>
      {drive ? 'disk' : 'battery'}
      <span className="sr-only">: {hint}</span>
    </span>
  );
}

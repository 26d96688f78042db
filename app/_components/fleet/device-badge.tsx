import type { DeviceTrouble } from '@/lib/metrics/device-entities';
import { deviceHint } from '@/lib/ui/devices';
import { HintBadge } from './hint-badge';

/** The fleet row's device hint: a failing drive or a battery running low, as a small red badge with its reason. */
export function DeviceBadge({ trouble }: { trouble: DeviceTrouble | null | undefined }) {
  const hint = deviceHint(trouble);
  if (!hint) return null;
  const drive = (trouble?.failedDrives.length ?? 0) > 0;
  return <HintBadge tone="red" icon={drive ? '⛁' : '▯'} label={drive ? 'disk' : 'battery'} hint={hint} testId="device-badge" />;
}

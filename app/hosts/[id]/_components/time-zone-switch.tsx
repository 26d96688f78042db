'use client';

import { timeZoneName, type TimeZoneChoice } from '@/lib/ui/time-zone';
import { segmentClass } from '@/app/_components/styles';

/** Which zone the page's times are in, and the switch between the browser's and UTC. */
export function TimeZoneSwitch({ tz, browserZone, onChange }: { tz: TimeZoneChoice; browserZone: string | undefined; onChange: (tz: TimeZoneChoice) => void }) {
  const choices: { tz: TimeZoneChoice; label: string }[] = [
    { tz: 'local', label: 'Browser' },
    { tz: 'utc', label: 'UTC' },
  ];
  return (
    <div className="flex items-center gap-1.5 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400" id="tz-label">
        Times in <span data-testid="time-zone-name" suppressHydrationWarning>{timeZoneName(tz, browserZone)}</span>
      </span>
      <div role="group" aria-labelledby="tz-label" className="inline-flex rounded-md border border-zinc-300 dark:border-zinc-700">
        {choices.map((c, i) => (
          <button
            key={c.tz}
            type="button"
            aria-pressed={tz === c.tz}
            className={`${segmentClass(tz === c.tz)} ${i === 0 ? 'border-r border-zinc-300 dark:border-zinc-700' : ''}`}
            onClick={() => onChange(c.tz)}
          >
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}

'use client';

import { formatBytes, formatCelsius, formatPct } from '@/lib/format';
import { cardClass } from '@/app/_components/styles';
import { usageLevel, type UsageLevel } from '@/lib/ui/thresholds';
import type { HostDetail } from './types';

type Latest = NonNullable<HostDetail['latest']>;

// The fleet paints the same levels (lib/ui/thresholds.ts).
const BAR: Record<UsageLevel, string> = { ok: 'bg-sky-500', warn: 'bg-amber-500', critical: 'bg-red-500' };
const barColor = (pct: number) => BAR[usageLevel(pct) ?? 'ok'];

/** Usage per mount point, fullest first, as labelled bars. */
export function FilesystemUsage({ latest }: { latest: Latest }) {
  const list = [...latest.filesystems].sort((a, b) => b.usedPct - a.usedPct);
  return (
    <section className={`${cardClass} p-3`} aria-labelledby="fs-title" data-chart="filesystems">
      <h3 id="fs-title" className="text-sm font-medium">
        Filesystems
      </h3>
      {list.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">No filesystems reported.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {list.map((fs) => (
            <li key={fs.mount}>
              <div className="flex justify-between gap-2 text-xs">
                <span className="truncate font-medium" title={`${fs.device} (${fs.type})`}>
                  {fs.mount}
                </span>
                <span className="shrink-0 tabular-nums text-zinc-600 dark:text-zinc-400">
                  {formatBytes(fs.used)} of {formatBytes(fs.size)} · {formatPct(fs.usedPct)}
                </span>
              </div>
              <div
                className="mt-1 h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
                role="meter"
                aria-label={`${fs.mount} used`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(fs.usedPct)}
                aria-valuetext={formatPct(fs.usedPct)}
              >
                <div className={`h-full ${barColor(fs.usedPct)}`} style={{ width: `${Math.min(100, fs.usedPct)}%` }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function heat(pct: number): string {
  if (pct >= 90) return 'bg-red-500 text-white';
  if (pct >= 60) return 'bg-amber-400 text-zinc-900';
  if (pct >= 25) return 'bg-sky-500 text-white';
  return 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200';
}

/** Busy % of every logical CPU in the newest sample. */
export function CoreStrip({ latest }: { latest: Latest }) {
  const cores = latest.cpu.cores;
  const summary = cores.map((p, i) => `core ${i} ${Math.round(p)} %`).join(', ');
  return (
    <section className={`${cardClass} p-3`} aria-labelledby="cores-title" data-chart="cores">
      <h3 id="cores-title" className="text-sm font-medium">
        CPU cores now <span className="font-normal text-zinc-500">({cores.length})</span>
      </h3>
      <div className="mt-2 flex flex-wrap gap-1" role="img" aria-label={`Per-core CPU busy: ${summary}`}>
        {cores.map((p, i) => (
          <span key={i} className={`flex h-7 min-w-9 items-center justify-center rounded px-1 text-[11px] tabular-nums ${heat(p)}`} title={`Core ${i}: ${formatPct(p)}`}>
            {Math.round(p)}
          </span>
        ))}
      </div>
    </section>
  );
}

export function Temperatures({ latest }: { latest: Latest }) {
  if (latest.temperatures.length === 0) return null;
  return (
    <section className={`${cardClass} p-3`} aria-labelledby="temps-title">
      <h3 id="temps-title" className="text-sm font-medium">
        Sensors now
      </h3>
      <ul className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
        {latest.temperatures.map((t) => (
          <li key={t.label} className="flex justify-between gap-2">
            <span className="truncate">{t.label}</span>
            <span className="tabular-nums font-medium">{formatCelsius(t.celsius)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

'use client';

import { useState } from 'react';
import type { RuleInput } from '@/lib/alerts/schemas';
import { formatDuration } from '@/lib/format';
import { cardClass, segmentClass, tdClass, thClass } from '@/app/_components/styles';
import { PreviewTimeline } from './preview-timeline';
import { usePreview, type PreviewRange } from './use-preview';

const RANGES: { key: PreviewRange; label: string }[] = [
  { key: '24h', label: '24 h' },
  { key: '7d', label: '7 d' },
];
const SHOWN_HOSTS = 10;

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;

/**
 * "How often would this have fired?": the rule as typed, judged on the
 * stored history of the hosts in its scope, asked again as the rule changes.
 */
export function RulePreview({ rule }: { rule: RuleInput | null }) {
  const [range, setRange] = useState<PreviewRange>('24h');
  const preview = usePreview(rule, range);
  const answer = preview.answer;
  const hosts = answer ? [...answer.hosts].sort((a, b) => b.fired - a.fired || b.firingMs - a.firingMs || a.hostName.localeCompare(b.hostName)) : [];
  const firedHosts = hosts.filter((h) => h.fired > 0).length;
  return (
    <section className={`${cardClass} space-y-3 p-4`} aria-labelledby="preview-title" data-testid="rule-preview" aria-busy={preview.loading}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="preview-title" className="text-base font-semibold">
          How often would this have fired?
        </h2>
        <div role="group" aria-label="Preview range" className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
          {RANGES.map((r) => (
            <button key={r.key} type="button" className={segmentClass(range === r.key)} aria-pressed={range === r.key} onClick={() => setRange(r.key)}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <div aria-live="polite" className={`space-y-3 transition-opacity ${preview.loading || preview.stale ? 'opacity-70' : ''}`}>
        {!rule ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Fix the fields marked in the form to see how often this rule would have fired.</p>
        ) : preview.error ? (
          <p className="text-sm text-red-700 dark:text-red-400">{preview.error}</p>
        ) : !answer ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Checking the history…</p>
        ) : answer.unavailable ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No preview for this rule: {answer.unavailable}.</p>
        ) : (
          <>
            <p className="text-sm" data-testid="preview-summary">
              {answer.fired === 0 ? (
                <>Would not have fired in the last {RANGES.find((r) => r.key === range)!.label} on {hosts.length} host{hosts.length === 1 ? '' : 's'}.</>
              ) : (
                <>
                  Would have fired <strong data-testid="preview-fired">{times(answer.fired)}</strong> on {firedHosts} of {hosts.length} host{hosts.length === 1 ? '' : 's'}, firing for{' '}
                  <strong>{formatDuration(answer.firingMs)}</strong> in all.
                </>
              )}
              {answer.hostsCut && ` Only the first ${hosts.length} of ${answer.hostsInScope} hosts were checked.`}
            </p>
            {hosts.length > 0 && (
              <table className="w-full border-collapse" aria-label="Preview per host">
                <thead>
                  <tr>
                    <th scope="col" className={thClass}>Host</th>
                    <th scope="col" className={`${thClass} text-right`}>Fired</th>
                    <th scope="col" className={`${thClass} text-right`}>Firing</th>
                    <th scope="col" className={`${thClass} w-1/2`}>When</th>
                  </tr>
                </thead>
                <tbody>
                  {hosts.slice(0, SHOWN_HOSTS).map((h) => (
                    <tr key={h.hostId} className="border-t border-zinc-100 dark:border-zinc-800/60" data-preview-host={h.hostName}>
                      <td className={`${tdClass} max-w-40 truncate`}>{h.hostName}</td>
                      <td className={`${tdClass} text-right`}>{h.unavailable ? '—' : h.fired}</td>
                      <td className={`${tdClass} text-right`}>{h.unavailable ? '—' : formatDuration(h.firingMs)}</td>
                      <td className={tdClass}>
                        {h.unavailable ? <span className="text-xs text-zinc-500">{h.unavailable}</span> : <PreviewTimeline periods={h.periods} from={answer.from} to={answer.to} label={h.hostName} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {hosts.length > SHOWN_HOSTS && <p className="text-xs text-zinc-500">and {hosts.length - SHOWN_HOSTS} more hosts</p>}
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Judged on 1-minute averages with their min and max, so short spikes may count differently than live.</p>
          </>
        )}
      </div>
    </section>
  );
}

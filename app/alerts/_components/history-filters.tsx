'use client';

import type { AlertRule } from '@/lib/alerts/schemas';
import { fromLocalInput, toLocalInput } from '@/lib/ui/alerts/schedule';
import { HISTORY_RANGES, type HistoryQuery } from '@/lib/ui/alerts/history-query';
import { Field } from '@/app/_components/field';
import { inputClass } from '@/app/_components/styles';

/** The history's filters: host, rule, severity and time range (a preset, or from–to in local time). */
export function HistoryFilters({
  query,
  hosts,
  rules,
  onChange,
}: {
  query: HistoryQuery;
  hosts: readonly { id: string; name: string }[];
  rules: readonly Pick<AlertRule, 'id' | 'name'>[];
  onChange: (patch: Partial<HistoryQuery>) => void;
}) {
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the history">
      <Field label="Host">
        <select className={`${inputClass} max-w-56`} value={query.hostId} onChange={(e) => onChange({ hostId: e.target.value })}>
          <option value="">Any host</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Rule">
        <select className={`${inputClass} max-w-56`} value={query.ruleId} onChange={(e) => onChange({ ruleId: e.target.value })}>
          <option value="">Any rule</option>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Severity">
        <select className={inputClass} value={query.severity} onChange={(e) => onChange({ severity: e.target.value as HistoryQuery['severity'] })}>
          <option value="">Any severity</option>
          <option value="critical">critical</option>
          <option value="warning">warning</option>
        </select>
      </Field>
      <Field label="Time range">
        <select
          className={inputClass}
          value={query.range}
          onChange={(e) => {
            const range = e.target.value as HistoryQuery['range'];
            // A custom range starts as the last 24 hours, ready to edit.
            onChange(range === 'custom' ? { range, from: query.from ?? Date.now() - 86_400_000, to: query.to ?? Date.now() } : { range, from: null, to: null });
          }}
        >
          {HISTORY_RANGES.map((r) => (
            <option key={r.key} value={r.key}>
              Last {r.label}
            </option>
          ))}
          <option value="custom">From – to…</option>
        </select>
      </Field>
      {query.range === 'custom' && (
        <>
          <Field label="From">
            <input
              type="datetime-local"
              className={inputClass}
              // Local time: the server wrote its own zone's.
              suppressHydrationWarning
              value={query.from === null ? '' : toLocalInput(query.from)}
              onChange={(e) => onChange({ from: fromLocalInput(e.target.value) })}
            />
          </Field>
          <Field label="To">
            <input
              type="datetime-local"
              className={inputClass}
              // Local time: the server wrote its own zone's.
              suppressHydrationWarning
              value={query.to === null ? '' : toLocalInput(query.to)}
              onChange={(e) => onChange({ to: fromLocalInput(e.target.value) })}
            />
          </Field>
        </>
      )}
    </div>
  );
}

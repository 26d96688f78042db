'use client';

import { useId, useState, type FormEvent } from 'react';
import { formatDateTime } from '@/lib/format';
import { PRESET_KEYS, REFRESH_CHOICES, rangeLabel, type PresetKey, type RangeSelection, type Window } from '@/lib/ui/range';
import { formatRangeInput, parseRangeInput, type TimeZoneChoice } from '@/lib/ui/time-zone';
import { Field, FormError } from '@/app/_components/field';
import { buttonClass, inputClass, secondaryButtonClass, segmentClass } from '@/app/_components/styles';

/**
 * A fixed window typed as "2026-01-31 14:05", 24-hour like the chart axes
 * and in the page's zone (a datetime-local input would follow the
 * browser's locale, 12-hour in some, and only ever the browser's zone).
 */
function CustomRange({ window, tz, onApply, onCancel }: { window: Window; tz: TimeZoneChoice; onApply: (sel: RangeSelection) => void; onCancel: () => void }) {
  const [from, setFrom] = useState(formatRangeInput(window.from, tz));
  const [to, setTo] = useState(formatRangeInput(window.to, tz));
  const [error, setError] = useState<string | null>(null);
  const zone = tz === 'utc' ? 'UTC' : 'browser time';
  const hintId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = parseRangeInput(from, tz);
    const b = parseRangeInput(to, tz);
    if (a === null) return setError(`From: “${from.slice(0, 40)}” is not a time; write it as YYYY-MM-DD HH:MM (24-hour, ${zone}).`);
    if (b === null) return setError(`To: “${to.slice(0, 40)}” is not a time; write it as YYYY-MM-DD HH:MM (24-hour, ${zone}).`);
    if (b - a < 60_000) return setError('The end must be at least a minute after the start.');
    onApply({ kind: 'custom', from: a, to: b });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
      <Field label="From">
        <input type="text" className={`${inputClass} w-40 tabular-nums`} value={from} onChange={(e) => setFrom(e.target.value)} maxLength={16} placeholder="2026-01-31 14:05" aria-describedby={hintId} required />
      </Field>
      <Field label="To">
        <input type="text" className={`${inputClass} w-40 tabular-nums`} value={to} onChange={(e) => setTo(e.target.value)} maxLength={16} placeholder="2026-01-31 14:05" aria-describedby={hintId} required />
      </Field>
      <button type="submit" className={buttonClass}>
        Apply
      </button>
      <button type="button" className={secondaryButtonClass} onClick={onCancel}>
        Cancel
      </button>
      <p id={hintId} className="w-full text-xs text-zinc-500 dark:text-zinc-400">
        As YYYY-MM-DD HH:MM, 24-hour, in {zone}.
      </p>
      <FormError message={error} wide />
    </form>
  );
}

/** Live, the presets and a custom window; and how often to refresh. Both live in the URL. */
export function RangePicker({
  selection,
  window,
  refreshMs,
  onSelect,
  onRefresh,
  presets = PRESET_KEYS,
  tz = 'local',
  onZoomOut,
}: {
  selection: RangeSelection;
  window: Window;
  refreshMs: number;
  onSelect: (sel: RangeSelection) => void;
  onRefresh: (ms: number) => void;
  /** The presets offered (a share link offers only those within its allowed history). */
  presets?: readonly PresetKey[];
  /** The zone the custom window is shown and typed in. */
  tz?: TimeZoneChoice;
  /** Widens a fixed window (shown while one is selected, e.g. after a drag-zoom). */
  onZoomOut?: () => void;
}) {
  const [custom, setCustom] = useState(false);
  const choices: RangeSelection[] = [{ kind: 'live' }, ...presets.map((key) => ({ kind: 'preset' as const, key }))];
  const isActive = (c: RangeSelection) =>
    c.kind === selection.kind && (c.kind !== 'preset' || (selection.kind === 'preset' && selection.key === c.key));
  return (
    <div className="min-w-0 max-w-full space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <div role="group" aria-label="Time range" className="inline-flex max-w-full overflow-x-auto rounded-md border border-zinc-300 dark:border-zinc-700">
          {choices.map((c) => (
            <button
              key={rangeLabel(c)}
              type="button"
              aria-pressed={isActive(c)}
              className={`${segmentClass(isActive(c))} border-r border-zinc-300 dark:border-zinc-700`}
              onClick={() => {
                setCustom(false);
                onSelect(c);
              }}
            >
              {c.kind === 'live' && <span aria-hidden="true" className={`mr-1 inline-block h-1.5 w-1.5 rounded-full ${isActive(c) ? 'bg-white' : 'bg-emerald-500'}`} />}
              {rangeLabel(c)}
            </button>
          ))}
          <button type="button" aria-pressed={selection.kind === 'custom'} aria-expanded={custom} className={segmentClass(selection.kind === 'custom')} onClick={() => setCustom((v) => !v)}>
            Custom
          </button>
        </div>
        <label className="flex items-center gap-1.5 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">Refresh</span>
          <select
            className={inputClass}
            value={refreshMs}
            disabled={selection.kind === 'custom'}
            onChange={(e) => onRefresh(Number(e.target.value))}
            title={selection.kind === 'custom' ? 'A fixed window does not change; pick a range ending now to refresh.' : undefined}
          >
            {REFRESH_CHOICES.map((c) => (
              <option key={c.ms} value={c.ms}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {selection.kind === 'custom' && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" suppressHydrationWarning data-testid="custom-window">
            {formatDateTime(window.from, tz === 'utc')} – {formatDateTime(window.to, tz === 'utc')}
          </p>
        )}
        {selection.kind === 'custom' && onZoomOut && (
          <button type="button" className={secondaryButtonClass} onClick={onZoomOut} title="Twice as wide around the same middle; the browser's back button returns to the range before">
            Zoom out
          </button>
        )}
      </div>
      {custom && (
        <CustomRange
          // A new zone re-reads the window in it.
          key={tz}
          window={window}
          tz={tz}
          onCancel={() => setCustom(false)}
          onApply={(sel) => {
            setCustom(false);
            onSelect(sel);
          }}
        />
      )}
    </div>
  );
}

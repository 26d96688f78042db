'use client';

import { useState, type FormEvent } from 'react';
import { formatDateTime } from '@/lib/format';
import { PRESET_KEYS, REFRESH_CHOICES, rangeLabel, type PresetKey, type RangeSelection, type Window } from '@/lib/ui/range';
import { Field, FormError } from '@/app/_components/field';
import { buttonClass, inputClass, secondaryButtonClass, segmentClass } from '@/app/_components/styles';

const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local input's value (the browser's time zone). */
function localInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function CustomRange({ window, onApply, onCancel }: { window: Window; onApply: (sel: RangeSelection) => void; onCancel: () => void }) {
  const [from, setFrom] = useState(localInput(window.from));
  const [to, setTo] = useState(localInput(window.to));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = new Date(from).getTime();
    const b = new Date(to).getTime();
    if (!Number.isFinite(a) || !Number.isFinite(b)) return setError('Enter both times.');
    if (b - a < 60_000) return setError('The end must be at least a minute after the start.');
    onApply({ kind: 'custom', from: a, to: b });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
      <Field label="From">
        <input type="datetime-local" className={inputClass} value={from} onChange={(e) => setFrom(e.target.value)} required />
      </Field>
      <Field label="To">
        <input type="datetime-local" className={inputClass} value={to} onChange={(e) => setTo(e.target.value)} required />
      </Field>
      <button type="submit" className={buttonClass}>
        Apply
      </button>
      <button type="button" className={secondaryButtonClass} onClick={onCancel}>
        Cancel
      </button>
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
}: {
  selection: RangeSelection;
  window: Window;
  refreshMs: number;
  onSelect: (sel: RangeSelection) => void;
  onRefresh: (ms: number) => void;
  /** The presets offered (a share link offers only those within its allowed history). */
  presets?: readonly PresetKey[];
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
          <p className="text-sm text-zinc-600 dark:text-zinc-400" suppressHydrationWarning>
            {formatDateTime(window.from)} – {formatDateTime(window.to)}
          </p>
        )}
      </div>
      {custom && (
        <CustomRange
          window={window}
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

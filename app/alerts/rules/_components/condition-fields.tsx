'use client';

import { isFamilySignal, signalByName } from '@/lib/alerts/signals';
import type { SignalInfo } from '@/lib/ui/alerts/api-types';
import { CONDITION_KINDS, thresholdUnits, type FieldErrors, type RuleForm } from '@/lib/ui/alerts/rule-form';
import { inputClass, labelClass } from '@/app/_components/styles';
import { ariaFor, FieldError, FormField } from '../../_components/form-field';
import { SignalPicker } from './signal-picker';

type Update = (patch: Partial<RuleForm>, names: string[]) => void;

/** A labelled control with its error below; `name` is the error path it owns. */
export function EditorField({ label, name, errors, hint, children }: { label: string; name: string; errors: FieldErrors; hint?: string; children: React.ReactNode }) {
  return (
    <FormField label={label} name={name} error={errors[name]} hint={hint}>
      {children}
    </FormField>
  );
}

function MetricFields({ form, signals, errors, update }: { form: RuleForm; signals: readonly SignalInfo[]; errors: FieldErrors; update: Update }) {
  const signal = signalByName(form.signal);
  const info = signals.find((s) => s.name === form.signal);
  const units = thresholdUnits(signal?.unit ?? 'number');
  const unitLabel = units.find((u) => u.scale === form.scale)?.label ?? units[0]!.label;
  const suffix = signal?.suffix ? ` ${signal.suffix}` : '';
  const unitControl = (which: string) =>
    units.length > 1 ? (
      <select
        className={inputClass}
        value={form.scale}
        onChange={(e) => update({ scale: Number(e.target.value) }, ['condition.threshold', 'condition.clear'])}
        aria-label={`Unit of the ${which}`}
      >
        {units.map((u) => (
          <option key={u.scale} value={u.scale}>
            {u.label}
          </option>
        ))}
      </select>
    ) : (
      <span className="inline-block pb-0.5 text-sm text-zinc-600 dark:text-zinc-400">
        {unitLabel}
        {suffix}
      </span>
    );
  return (
    <>
      <div className="flex flex-wrap items-start gap-3">
        <EditorField label="Signal" name="condition.signal" errors={errors}>
          <SignalPicker signals={signals} value={form.signal} onChange={(signal) => update({ signal, scale: 1 }, ['condition.signal', 'condition.entity', 'condition.threshold', 'condition.clear'])} aria={ariaFor('condition.signal', errors['condition.signal'])} />
        </EditorField>
        {signal && isFamilySignal(signal) && (
          <fieldset className="flex flex-col gap-1">
            <legend className={labelClass}>Which {signal.entityKind}</legend>
            <div className="flex flex-wrap items-center gap-3 pt-1">
              <label className="flex items-center gap-1.5 text-sm">
                <input type="radio" name="entity-mode" checked={form.entityMode === 'any'} onChange={() => update({ entityMode: 'any' }, ['condition.entity'])} />
                any (each on its own)
              </label>
              <label className="flex items-center gap-1.5 text-sm">
                <input type="radio" name="entity-mode" checked={form.entityMode === 'one'} onChange={() => update({ entityMode: 'one' }, ['condition.entity'])} />
                only
              </label>
              <label className="flex items-center gap-1.5 text-sm">
                <input type="radio" name="entity-mode" checked={form.entityMode === 'pattern'} onChange={() => update({ entityMode: 'pattern' }, ['condition.entity'])} />
                names matching (* and ?)
              </label>
              {form.entityMode !== 'any' && (
                <input
                  className={inputClass}
                  value={form.entity}
                  onChange={(e) => update({ entity: e.target.value }, ['condition.entity'])}
                  maxLength={form.entityMode === 'pattern' ? 128 : 512}
                  placeholder={form.entityMode === 'pattern' ? 'web-*' : signal.family === 'filesystems' ? '/var' : signal.family === 'interfaces' ? 'eth0' : signal.family === 'disks' ? 'sda' : signal.family === 'containers' ? 'web' : 'Package id 0'}
                  aria-label={form.entityMode === 'pattern' ? `${signal.entityKind} name pattern` : `The ${signal.entityKind}`}
                  {...ariaFor('condition.entity', errors['condition.entity'])}
                />
              )}
            </div>
            <FieldError name="condition.entity" error={errors['condition.entity']} />
          </fieldset>
        )}
      </div>
      {info?.previewUnavailable && <p className="text-xs text-zinc-500 dark:text-zinc-400">The preview cannot judge this signal on history: {info.previewUnavailable}.</p>}
      <div className="flex flex-wrap items-start gap-3">
        <EditorField label="Fires when it is" name="condition.op" errors={errors}>
          <select className={inputClass} value={form.op} onChange={(e) => update({ op: e.target.value as RuleForm['op'] }, ['condition.op', 'condition.threshold', 'condition.clear'])}>
            <option value="above">above</option>
            <option value="below">below</option>
          </select>
        </EditorField>
        <div className="flex flex-col gap-1">
          <div className="flex items-end gap-2">
            <label className="flex flex-col gap-1">
              <span className={labelClass}>Threshold</span>
              <input
                className={`${inputClass} w-28`}
                inputMode="decimal"
                value={form.threshold}
                onChange={(e) => update({ threshold: e.target.value }, ['condition.threshold'])}
                required
                {...ariaFor('condition.threshold', errors['condition.threshold'])}
              />
            </label>
            <span className="pb-1.5">{unitControl('threshold')}</span>
          </div>
          <FieldError name="condition.threshold" error={errors['condition.threshold']} />
        </div>
        <div className="flex flex-col gap-1">
          <div className="flex items-end gap-2">
            <label className="flex flex-col gap-1">
              <span className={labelClass}>Resolves at (optional)</span>
              <input
                className={`${inputClass} w-28`}
                inputMode="decimal"
                value={form.clear}
                onChange={(e) => update({ clear: e.target.value }, ['condition.clear'])}
                placeholder="threshold"
                {...ariaFor('condition.clear', errors['condition.clear'])}
              />
            </label>
            <span className="pb-2 text-sm text-zinc-600 dark:text-zinc-400">
              {unitLabel}
              {suffix}
            </span>
          </div>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">Hysteresis: {form.op === 'above' ? 'at or below' : 'at or above'} this it resolves.</span>
          <FieldError name="condition.clear" error={errors['condition.clear']} />
        </div>
      </div>
      <div className="flex flex-wrap items-start gap-3">
        <EditorField label="Compare" name="condition.aggregate" errors={errors}>
          <select className={inputClass} value={form.aggregate} onChange={(e) => update({ aggregate: e.target.value as RuleForm['aggregate'] }, ['condition.aggregate'])}>
            <option value="avg">the average</option>
            <option value="max">the highest value</option>
            <option value="min">the lowest value</option>
          </select>
        </EditorField>
        <EditorField label="Over the last (minutes)" name="condition.windowMs" errors={errors} hint="0: each sample on its own; at most 60">
          <input
            className={`${inputClass} w-24`}
            inputMode="numeric"
            value={form.windowMin}
            onChange={(e) => update({ windowMin: e.target.value }, ['condition.windowMs'])}
            {...ariaFor('condition.windowMs', errors['condition.windowMs'])}
          />
        </EditorField>
      </div>
    </>
  );
}

/** What the rule watches: the kind of condition, then that kind's own fields. */
export function ConditionFields({ form, signals, errors, update }: { form: RuleForm; signals: readonly SignalInfo[]; errors: FieldErrors; update: Update }) {
  return (
    <div className="space-y-3">
      <EditorField label="Alert when" name="condition" errors={errors}>
        <select className={`${inputClass} w-fit`} value={form.kind} onChange={(e) => update({ kind: e.target.value as RuleForm['kind'] }, ['condition', 'forMs'])}>
          {CONDITION_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </EditorField>
      {form.kind === 'metric' && <MetricFields form={form} signals={signals} errors={errors} update={update} />}
      {form.kind === 'host_down' && (
        <EditorField label="No report for (minutes)" name="condition.afterMs" errors={errors} hint="From 1 minute to 1 day">
          <input className={`${inputClass} w-24`} inputMode="decimal" value={form.afterMin} onChange={(e) => update({ afterMin: e.target.value }, ['condition.afterMs'])} {...ariaFor('condition.afterMs', errors['condition.afterMs'])} />
        </EditorField>
      )}
      {form.kind === 'process_missing' && (
        <EditorField label="Process" name="condition.pattern" errors={errors} hint="A process name (nginx), or text its command line contains (gunicorn: master)">
          <input className={`${inputClass} w-72`} value={form.pattern} onChange={(e) => update({ pattern: e.target.value }, ['condition.pattern'])} maxLength={128} required {...ariaFor('condition.pattern', errors['condition.pattern'])} />
        </EditorField>
      )}
      {form.kind === 'dropping' && <p className="text-sm text-zinc-600 dark:text-zinc-400">Fires when a collector reports it had to drop samples because its spool was full.</p>}
      {form.kind === 'clock_skew' && (
        <EditorField label="Clock off by more than (seconds)" name="condition.maxMs" errors={errors}>
          <input className={`${inputClass} w-24`} inputMode="decimal" value={form.skewSec} onChange={(e) => update({ skewSec: e.target.value }, ['condition.maxMs'])} {...ariaFor('condition.maxMs', errors['condition.maxMs'])} />
        </EditorField>
      )}
    </div>
  );
}

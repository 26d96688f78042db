'use client';

import type { ChannelField } from '@/lib/ui/alerts/api-types';
import { inputClass } from '@/app/_components/styles';
import { ariaFor, FieldError, FormField } from '../../_components/form-field';

export type ConfigValues = Record<string, string | boolean>;

/** A kind's settings as the form holds them: text for strings and numbers, booleans for switches; stored values (secrets masked) when editing. */
export function initialValues(fields: readonly ChannelField[], stored?: Record<string, string | number | boolean>): ConfigValues {
  const out: ConfigValues = {};
  for (const f of fields) {
    const v = stored?.[f.name] ?? f.default;
    out[f.name] = f.type === 'boolean' ? v === true : v === undefined ? '' : String(v);
  }
  return out;
}

/** The settings as the API takes them: empty optional fields left out, numbers as numbers; or the field that is wrong. */
export function configOf(fields: readonly ChannelField[], values: ConfigValues): { config: Record<string, string | number | boolean>; errors: Record<string, string> } {
  const config: Record<string, string | number | boolean> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'boolean') {
      config[f.name] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    if (text === '') {
      if (f.required) errors[`config.${f.name}`] = 'is required';
      continue;
    }
    if (f.type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[`config.${f.name}`] = 'enter a number';
      else config[f.name] = n;
    } else {
      config[f.name] = text;
    }
  }
  return { config, errors };
}

/**
 * The fields of one channel kind, built from the kinds the server lists.
 * Secret fields are password inputs: after a save they hold the masked value
 * the server shows, and sending that back keeps the stored secret.
 */
export function KindFields({
  fields,
  values,
  errors,
  onChange,
  prefix,
  stored,
}: {
  fields: readonly ChannelField[];
  values: ConfigValues;
  errors: Record<string, string | undefined>;
  onChange: (name: string, value: string | boolean) => void;
  prefix: string;
  /** The saved channel's settings (secrets masked), when editing. */
  stored?: Record<string, string | number | boolean>;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {fields.map((f) => {
        const path = `config.${f.name}`;
        const errorName = `${prefix}-${path}`;
        const aria = ariaFor(errorName, errors[path]);
        const label = `${f.label}${f.required ? '' : ' (optional)'}`;
        if (f.type === 'boolean') {
          return (
            <div key={f.name} className="flex flex-col gap-1">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={values[f.name] === true} onChange={(e) => onChange(f.name, e.target.checked)} {...aria} />
                {f.label}
              </label>
              <FieldError name={errorName} error={errors[path]} />
            </div>
          );
        }
        const value = typeof values[f.name] === 'string' ? (values[f.name] as string) : '';
        return (
          <FormField
            key={f.name}
            label={label}
            name={errorName}
            error={errors[path]}
            hint={f.secret && typeof stored?.[f.name] === 'string' ? `Saved as ${stored[f.name]}; leave it to keep it, or type a new one.` : undefined}
          >
            {f.type === 'enum' && f.options ? (
              <select className={inputClass} value={value} onChange={(e) => onChange(f.name, e.target.value)} {...aria}>
                {!f.required && <option value="">(default)</option>}
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className={inputClass}
                type={f.secret ? 'password' : f.type === 'number' ? 'number' : 'text'}
                autoComplete={f.secret ? 'new-password' : 'off'}
                value={value}
                onChange={(e) => onChange(f.name, e.target.value)}
                required={f.required}
                maxLength={4096}
                {...aria}
              />
            )}
          </FormField>
        );
      })}
    </div>
  );
}

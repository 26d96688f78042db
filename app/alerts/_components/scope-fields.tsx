'use client';

import type { Scope } from '@/lib/alerts/schemas';
import { Field } from '@/app/_components/field';
import { inputClass } from '@/app/_components/styles';
import { ariaFor, FieldError, FormField } from './form-field';

export interface ScopeValue {
  scopeKind: Scope['kind'];
  tag: string;
  hostId: string;
}

/** Which hosts a rule or window covers: all (also hosts added later), those with a tag, or one host. */
export function ScopeFields({
  value,
  hosts,
  errors,
  onChange,
  idPrefix,
}: {
  value: ScopeValue;
  hosts: readonly { id: string; name: string; tags: readonly string[] }[];
  errors: Record<string, string | undefined>;
  onChange: (patch: Partial<ScopeValue>) => void;
  /** Keeps the tag suggestions' id unique when two forms are on one page. */
  idPrefix: string;
}) {
  const tags = [...new Set(hosts.flatMap((h) => h.tags))].sort((a, b) => a.localeCompare(b));
  const listId = `${idPrefix}-tags`;
  return (
    <div className="flex flex-wrap items-start gap-3">
      <Field label="Applies to">
        <select className={inputClass} value={value.scopeKind} onChange={(e) => onChange({ scopeKind: e.target.value as Scope['kind'] })}>
          <option value="all">All hosts</option>
          <option value="tag">Hosts with a tag</option>
          <option value="host">One host</option>
        </select>
      </Field>
      {value.scopeKind === 'tag' && (
        <FormField label="Tag" name={`${idPrefix}-scope.tag`} error={errors['scope.tag']}>
          <input
            className={inputClass}
            value={value.tag}
            onChange={(e) => onChange({ tag: e.target.value })}
            list={listId}
            maxLength={64}
            placeholder={tags[0] ?? 'web'}
            required
            {...ariaFor(`${idPrefix}-scope.tag`, errors['scope.tag'])}
          />
          <datalist id={listId}>
            {tags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </FormField>
      )}
      {value.scopeKind === 'host' && (
        <FormField label="Host" name={`${idPrefix}-scope.hostId`} error={errors['scope.hostId']}>
          <select className={inputClass} value={value.hostId} onChange={(e) => onChange({ hostId: e.target.value })} required {...ariaFor(`${idPrefix}-scope.hostId`, errors['scope.hostId'])}>
            <option value="">Pick a host…</option>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </FormField>
      )}
      {errors.scope && <FieldError name={`${idPrefix}-scope`} error={errors.scope} />}
    </div>
  );
}

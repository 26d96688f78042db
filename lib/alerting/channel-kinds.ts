import 'server-only';
import type { z } from 'zod';
import { CHANNELS } from '@/lib/notify';

/**
 * The channel kinds as a form can be built from them, derived from the
 * notify registry: each kind's settings from its zod schema (type, whether
 * required, default, choices), which are secret from the registry's list.
 * A new kind in lib/notify/channels shows up here with no edit.
 */

export type FieldType = 'string' | 'number' | 'boolean' | 'enum';

export interface ChannelField {
  name: string;
  label: string;
  secret: boolean;
  required: boolean;
  type: FieldType;
  options?: string[];
  default?: string | number | boolean;
}

export interface ChannelKindView {
  kind: string;
  label: string;
  /** Shoutrrr URL schemes read into this kind (`discord`, `generic+https`). */
  schemes: string[];
  fields: ChannelField[];
}

/** Words a label spells out in capitals. */
const ACRONYMS = new Set(['url', 'id', 'api', 'smtp', 'tls']);

/** `webhookUrl` → "Webhook URL", `chatId` → "Chat ID": the schemas' keys are the only names the registry gives its fields. */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s_]+/);
  return words.map((w, i) => (ACRONYMS.has(w) ? w.toUpperCase() : i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}

interface Unwrapped {
  type: FieldType;
  required: boolean;
  options?: string[];
  default?: string | number | boolean;
  description?: string;
}

function describeField(schema: z.ZodType): Unwrapped {
  let s = schema;
  let required = true;
  let fallback: unknown;
  let description = s.description;
  // Optional and default wrappers (in any order) around the value's own schema.
  for (;;) {
    const def = s.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
    if (def.type === 'optional' && def.innerType) required = false;
    else if (def.type === 'default' && def.innerType) {
      required = false;
      fallback = def.defaultValue;
    } else break;
    s = def.innerType;
    description ??= s.description;
  }
  const type = s.def.type as string;
  const kind: FieldType = type === 'number' || type === 'boolean' || type === 'enum' ? type : 'string';
  const options = kind === 'enum' ? Object.values((s as unknown as { enum: Record<string, string> }).enum) : undefined;
  const isValue = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);
  return { type: kind, required, ...(options ? { options } : {}), ...(isValue(fallback) ? { default: fallback } : {}), ...(description ? { description } : {}) };
}

export function channelKinds(): { kinds: ChannelKindView[] } {
  return {
    kinds: CHANNELS.map((c) => ({
      kind: c.kind,
      label: c.label,
      schemes: [...c.shoutrrr.schemes],
      fields: Object.entries(c.config.shape as Record<string, z.ZodType>).map(([key, schema]) => {
        const { description, ...field } = describeField(schema);
        return { name: key, label: description ?? fieldLabel(key), secret: (c.secrets as readonly string[]).includes(key), ...field };
      }),
    })),
  };
}

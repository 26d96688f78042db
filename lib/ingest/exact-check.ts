import type { z } from 'zod';
import { cleanText, hasInvisible } from '@/lib/wire/text';

/**
 * A fast yes/no answer to "would zod accept this value, and return it as it
 * is?", compiled from the zod schema itself so it cannot drift from it.
 *
 * zod's parse builds a new object for every object and array it visits and a
 * payload per value: for an ingest batch that is most of the request's
 * garbage. Here a value passes only when it is exactly what zod's output
 * would be — the same keys (no unknown ones for zod to strip, no undefined)
 * and every leaf within its checks — so the caller can use the input itself;
 * JSON objects are unordered, and key order is all that may differ. Anything
 * else answers false and goes to zod, which then names each bad field.
 *
 * Only the constructs the wire contract uses are compiled (objects that
 * strip, arrays, optional keys, literals, strings and numbers with range,
 * length and integer checks); a schema using anything else compiles to
 * null, so the caller uses zod alone rather than guess. Pure.
 */
export type ExactCheck = (value: unknown) => boolean;

interface CheckDef {
  check?: string;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  /** An overwrite check's function (zod applies it to the value). */
  tx?: unknown;
}

interface Def extends CheckDef {
  type: string;
  coerce?: boolean;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  element?: z.ZodType;
  innerType?: z.ZodType;
  values?: unknown[];
}

class Unsupported extends Error {}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const optinOf = (schema: z.ZodType): string | undefined => (schema as unknown as { _zod: { optin?: string } })._zod.optin;

/** zod counts string lengths in code points: a surrogate pair is one. */
function codePoints(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

type Predicate<T> = (v: T) => boolean;

/** The checks of a schema, its own first (a z.int() is its own check). */
function checkDefs(def: Def): CheckDef[] {
  return [...(def.check ? [def as CheckDef] : []), ...(def.checks ?? []).map((c) => c._zod.def)];
}

function numberCheck(c: CheckDef): Predicate<number> {
  const bound = c.value;
  if (c.check === 'greater_than' && typeof bound === 'number') return c.inclusive ? (v) => v >= bound : (v) => v > bound;
  if (c.check === 'less_than' && typeof bound === 'number') return c.inclusive ? (v) => v <= bound : (v) => v < bound;
  // safeint: whole and within ±(2^53 − 1); float64 holds every finite number.
  if (c.check === 'number_format' && c.format === 'safeint') return (v) => Number.isSafeInteger(v);
  if (c.check === 'number_format' && c.format === 'float64') return () => true;
  throw new Unsupported(`number check ${c.check}`);
}

/** Length bounds in zod's measure: code points for strings (counted only when the UTF-16 length leaves it in doubt), elements for arrays. */
function lengthCheck<T extends string | unknown[]>(c: CheckDef, kind: string): Predicate<T> {
  const { minimum, maximum } = c;
  const measure = (v: T) => (typeof v === 'string' ? codePoints(v) : v.length);
  // A code point is one or two UTF-16 units.
  if (c.check === 'min_length' && typeof minimum === 'number') return (v) => v.length >= minimum && (v.length >= 2 * minimum || measure(v) >= minimum);
  if (c.check === 'max_length' && typeof maximum === 'number') return (v) => v.length <= maximum || measure(v) <= maximum;
  throw new Unsupported(`${kind} check ${c.check}`);
}

/**
 * The wire contract cleans every string (lib/wire/text.ts); zod's answer is
 * the input itself exactly when the text has nothing to clean, so the fast
 * path says yes only then and leaves the rest to zod. Any other overwrite
 * could change the value: not this path's to judge.
 */
function cleanCheck(c: CheckDef): Predicate<string> {
  if (c.tx !== cleanText) throw new Unsupported('string overwrite other than cleanText');
  return (v) => !hasInvisible(v);
}

function all<T>(checks: Predicate<T>[], v: T): boolean {
  for (let i = 0; i < checks.length; i++) if (!checks[i]!(v)) return false;
  return true;
}

function compile(schema: z.ZodType): ExactCheck {
  const def = defOf(schema);
  if (def.coerce) throw new Unsupported('coercion');
  switch (def.type) {
    case 'number': {
      const checks = checkDefs(def).map(numberCheck);
      return (v) => typeof v === 'number' && Number.isFinite(v) && all(checks, v);
    }
    case 'string': {
      const checks = checkDefs(def).map((c) => (c.check === 'overwrite' ? cleanCheck(c) : lengthCheck<string>(c, 'string')));
      return (v) => typeof v === 'string' && all(checks, v);
    }
    case 'literal': {
      if (def.checks?.length) throw new Unsupported('literal checks');
      const values = new Set(def.values);
      return (v) => values.has(v);
    }
    case 'array': {
      const checks = checkDefs(def).map((c) => lengthCheck<unknown[]>(c, 'array'));
      const element = compile(def.element!);
      return (v) => {
        if (!Array.isArray(v) || !all(checks, v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    default:
      throw new Unsupported(def.type);
  }
}

function compileObject(def: Def): ExactCheck {
  if (def.catchall !== undefined) throw new Unsupported('object catchall');
  if (def.checks?.length) throw new Unsupported('object checks');
  const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
    // A key Object.prototype also has could be read from the prototype; zod reads it the same way, but say no rather than reason about it.
    if (key in Object.prototype) throw new Unsupported(`key ${key}`);
    const fd = defOf(field);
    if (fd.type !== 'optional') return { key, optional: false, check: compile(field) };
    // A defaulted inner schema invents a value for an absent key: the input would not be zod's output.
    if (optinOf(fd.innerType!) === 'defaulted') throw new Unsupported('default');
    return { key, optional: true, check: compile(fd.innerType!) };
  });
  const known = new Set(fields.map((f) => f.key));
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const obj = v as Record<string, unknown>;
    // Plain objects only (what JSON.parse makes), so every key below is an own property.
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) return false;
    let present = 0;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const x = obj[field.key];
      if (x === undefined) {
        if (!field.optional) return false;
        continue;
      }
      if (!field.check(x)) return false;
      present++;
    }
    // No key zod would strip, and none holding undefined: then the keys are exactly the present fields.
    let keys = 0;
    for (const k in obj) {
      if (!known.has(k) || obj[k] === undefined) return false;
      keys++;
    }
    return keys === present;
  };
}

/** The exact check of `schema`, or null when it uses a construct not compiled here (the caller then uses zod alone). */
export function exactCheck(schema: z.ZodType): ExactCheck | null {
  try {
    return compile(schema);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

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

/** The checks of a schema, its own first (a z.int() is its own check). */
function checkDefs(def: Def): CheckDef[] {
  return [...(def.check ? [def as CheckDef] : []), ...(def.checks ?? []).map((c) => c._zod.def)];
}

/**
 * The checks are generated as the body of one function (like ajv's compiled
 * validators): a tree of closures costs a call per value and per check, and
 * this runs over some 300 values per ingest POST. The source is made only
 * from the schema (keys and bounds through JSON.stringify), never from input.
 */
class Emitter {
  private readonly lines: string[] = [];
  private n = 0;
  /** Values the generated code refers to (literal sets). */
  readonly consts: unknown[] = [];

  fresh(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
  line(code: string): void {
    this.lines.push(code);
  }
  fail(condition: string): void {
    this.lines.push(`if (${condition}) return false;`);
  }
  source(): string {
    return this.lines.join('\n');
  }
}

const lit = (v: number) => JSON.stringify(v);

function numberCheck(c: CheckDef, x: string): string | null {
  const bound = c.value;
  if (c.check === 'greater_than' && typeof bound === 'number') return c.inclusive ? `!(${x} >= ${lit(bound)})` : `!(${x} > ${lit(bound)})`;
  if (c.check === 'less_than' && typeof bound === 'number') return c.inclusive ? `!(${x} <= ${lit(bound)})` : `!(${x} < ${lit(bound)})`;
  // safeint: whole and within ±(2^53 − 1); float64 holds every finite number.
  if (c.check === 'number_format' && c.format === 'safeint') return `!Number.isSafeInteger(${x})`;
  if (c.check === 'number_format' && c.format === 'float64') return null;
  throw new Unsupported(`number check ${c.check}`);
}

/** Length bounds in zod's measure: code points for strings (counted only when the UTF-16 length leaves it in doubt), elements for arrays. */
function lengthCheck(c: CheckDef, x: string, kind: 'string' | 'array'): string {
  const { minimum, maximum } = c;
  const measure = kind === 'string' ? `codePoints(${x})` : `${x}.length`;
  // A code point is one or two UTF-16 units.
  if (c.check === 'min_length' && typeof minimum === 'number') return `${x}.length < ${lit(minimum)} || (${x}.length < ${lit(2 * minimum)} && ${measure} < ${lit(minimum)})`;
  if (c.check === 'max_length' && typeof maximum === 'number') return `${x}.length > ${lit(maximum)} && ${measure} > ${lit(maximum)}`;
  throw new Unsupported(`${kind} check ${c.check}`);
}

/**
 * The wire contract cleans every string (lib/wire/text.ts); zod's answer is
 * the input itself exactly when the text has nothing to clean, so the fast
 * path says yes only then and leaves the rest to zod. Any other overwrite
 * could change the value: not this path's to judge.
 */
function cleanCheck(c: CheckDef, x: string): string {
  if (c.tx !== cleanText) throw new Unsupported('string overwrite other than cleanText');
  return `hasInvisible(${x})`;
}

/** Statements that return false unless the value in variable `x` passes `schema`. */
function emit(schema: z.ZodType, x: string, out: Emitter): void {
  const def = defOf(schema);
  if (def.coerce) throw new Unsupported('coercion');
  switch (def.type) {
    case 'number':
      out.fail(`typeof ${x} !== 'number' || !Number.isFinite(${x})`);
      for (const c of checkDefs(def)) {
        const failed = numberCheck(c, x);
        if (failed) out.fail(failed);
      }
      return;
    case 'string':
      out.fail(`typeof ${x} !== 'string'`);
      for (const c of checkDefs(def)) out.fail(c.check === 'overwrite' ? cleanCheck(c, x) : lengthCheck(c, x, 'string'));
      return;
    case 'literal': {
      if (def.checks?.length) throw new Unsupported('literal checks');
      out.consts.push(new Set(def.values));
      out.fail(`!C[${out.consts.length - 1}].has(${x})`);
      return;
    }
    case 'array': {
      out.fail(`!Array.isArray(${x})`);
      for (const c of checkDefs(def)) out.fail(lengthCheck(c, x, 'array'));
      const i = out.fresh('i');
      const e = out.fresh('e');
      out.line(`for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`);
      out.line(`const ${e} = ${x}[${i}];`);
      emit(def.element!, e, out);
      out.line('}');
      return;
    }
    case 'object':
      emitObject(def, x, out);
      return;
    default:
      throw new Unsupported(def.type);
  }
}

function emitObject(def: Def, x: string, out: Emitter): void {
  if (def.catchall !== undefined) throw new Unsupported('object catchall');
  if (def.checks?.length) throw new Unsupported('object checks');
  out.fail(`typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})`);
  // Plain objects only (what JSON.parse makes), so every key read below is an own property.
  const proto = out.fresh('p');
  out.line(`const ${proto} = Object.getPrototypeOf(${x});`);
  out.fail(`${proto} !== Object.prototype && ${proto} !== null`);
  const present = out.fresh('n');
  out.line(`let ${present} = 0;`);
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    // A key Object.prototype also has could be read from the prototype; zod reads it the same way, but say no rather than reason about it.
    if (key in Object.prototype) throw new Unsupported(`key ${key}`);
    const fd = defOf(field);
    const value = out.fresh('f');
    out.line(`const ${value} = ${x}[${JSON.stringify(key)}];`);
    if (fd.type !== 'optional') {
      out.fail(`${value} === undefined`);
      emit(field, value, out);
      out.line(`${present}++;`);
      continue;
    }
    // A defaulted inner schema invents a value for an absent key: the input would not be zod's output.
    if (optinOf(fd.innerType!) === 'defaulted') throw new Unsupported('default');
    out.line(`if (${value} !== undefined) {`);
    emit(fd.innerType!, value, out);
    out.line(`${present}++;`);
    out.line('}');
  }
  // The fields present (each defined) are own keys; as many keys in all means no other key: none for zod
  // to strip, none holding undefined. The prototype is Object.prototype or null, so for-in sees own keys only.
  const keys = out.fresh('k');
  out.line(`let ${keys} = 0;`);
  out.line(`for (const _ in ${x}) ${keys}++;`);
  out.fail(`${keys} !== ${present}`);
}

function compile(schema: z.ZodType): ExactCheck {
  const out = new Emitter();
  emit(schema, 'v', out);
  const factory = new Function('C', 'codePoints', 'hasInvisible', `return function exactCheck(v) {\n${out.source()}\nreturn true;\n};`) as (
    consts: unknown[],
    cp: typeof codePoints,
    invisible: typeof hasInvisible,
  ) => ExactCheck;
  return factory(out.consts, codePoints, hasInvisible);
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

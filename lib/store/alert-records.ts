import 'server-only';
import type { z } from 'zod';
import {
  alertEventSchema, alertStateSchema, channelSchema, deliveryAttemptSchema, deliverySchema, maintenanceWindowSchema, ruleSchema, silenceSchema,
  stateKey, type AlertState,
} from '@/lib/alerts/schemas';
import { InvalidInput } from '@/lib/errors';
import { MAX_ALERT_EVENTS, MAX_LOG_PER_CHANNEL, type AlertCommit, type EventFilter } from './alert-port';
import { noteCorrupt } from './decode';

/**
 * What both AlertStore backends share: the record kinds with their schemas,
 * the checks of what is written (the engine and the API validated it already,
 * but a store key built from an unbounded id is a store problem), reading
 * stored JSON back (an unreadable entry is skipped and counted, never thrown),
 * and the bounds.
 */

/** Every kind of record the alert store keeps as JSON, with the schema that reads it back. */
export const ALERT_RECORDS = {
  rule: ruleSchema,
  channel: channelSchema,
  window: maintenanceWindowSchema,
  silence: silenceSchema,
  state: alertStateSchema,
  event: alertEventSchema,
  delivery: deliverySchema,
  attempt: deliveryAttemptSchema,
} as const;
export type AlertRecordKind = keyof typeof ALERT_RECORDS;
type Shape<K extends AlertRecordKind> = z.infer<(typeof ALERT_RECORDS)[K]>;

/** How long finished deliveries' ids are remembered: a commit naming one of them again sends nothing twice. */
export const MAX_FINISHED_DELIVERIES = 20_000;
/** Most deliveries one claim may lease, events one read may return, attempts one log read may return. */
export const MAX_CLAIM = 1_000;
export const MAX_EVENT_READ = 1_000;
/** A lease name and owner are short labels ("alert-tick", an instance id). */
const MAX_LEASE_LABEL = 128;

/** The alert store's caps; tests make them small instead of writing ten thousand events. */
export interface AlertLimits {
  maxEvents: number;
  maxLogPerChannel: number;
  maxFinishedDeliveries: number;
}
export const DEFAULT_ALERT_LIMITS: AlertLimits = {
  maxEvents: MAX_ALERT_EVENTS,
  maxLogPerChannel: MAX_LOG_PER_CHANNEL,
  maxFinishedDeliveries: MAX_FINISHED_DELIVERIES,
};
export function alertLimits(overrides: Partial<AlertLimits> = {}): AlertLimits {
  const out = { ...DEFAULT_ALERT_LIMITS, ...overrides };
  for (const [name, v] of Object.entries(out)) if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`alert limit ${name} must be a whole number ≥ 1`);
  return out;
}

const invalid = (field: string, message: string) => new InvalidInput('invalid_alert_record', `${field.slice(0, 200)} ${message}`, [{ path: field, message }]);

/** The record as it is stored (defaults applied), or InvalidInput naming the first bad field. */
export function checked<K extends AlertRecordKind>(kind: K, value: unknown, field: string = kind): Shape<K> {
  const result = ALERT_RECORDS[kind].safeParse(value);
  if (result.success) return result.data as Shape<K>;
  const issue = result.error.issues[0]!;
  throw invalid([field, ...issue.path.map(String)].join('.'), issue.message);
}

/** Stored JSON read back: the record, or null (counted as corrupt) when it is not one. */
export function readStored<K extends AlertRecordKind>(kind: K, text: unknown): Shape<K> | null {
  if (typeof text !== 'string') return corrupt(kind, String(text));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return corrupt(kind, text);
  }
  return readValue(kind, json, text);
}

/** A stored value (a row's columns, say) read back through its schema: the record, or null (counted as corrupt). */
export function readValue<K extends AlertRecordKind>(kind: K, value: unknown, detail?: string): Shape<K> | null {
  const result = ALERT_RECORDS[kind].safeParse(value);
  return result.success ? (result.data as Shape<K>) : corrupt(kind, detail ?? JSON.stringify(value) ?? '');
}

function corrupt(kind: AlertRecordKind, detail: string): null {
  noteCorrupt(`alert ${kind}`, detail);
  return null;
}

/** Stored entries read back, the unreadable ones skipped. */
export function readAll<K extends AlertRecordKind>(kind: K, texts: Iterable<unknown>): Shape<K>[] {
  const out: Shape<K>[] = [];
  for (const t of texts) {
    const r = readStored(kind, t);
    if (r) out.push(r);
  }
  return out;
}

/** A checked commit: every record valid, no state twice, each written state keyed by its own fields with the next version. */
export interface CheckedCommit {
  states: { key: string; ruleId: string; hostId: string; entity: string; expectedVersion: number | null; state: AlertState | null }[];
  events: Shape<'event'>[];
  deliveries: Shape<'delivery'>[];
  now: number;
}

/** Most states, events and deliveries one commit may carry (one engine step writes a few). */
export const MAX_COMMIT_ITEMS = 10_000;

export function checkCommit(change: AlertCommit): CheckedCommit {
  if (!Number.isFinite(change.now)) throw invalid('now', 'must be a time in ms');
  for (const list of ['states', 'events', 'deliveries'] as const) {
    if (!Array.isArray(change[list]) || change[list].length > MAX_COMMIT_ITEMS) throw invalid(list, `must be a list of at most ${MAX_COMMIT_ITEMS}`);
  }
  const seen = new Set<string>();
  const states = change.states.map((s, i) => {
    const field = `states.${i}`;
    const { ruleId, hostId, entity } = s.key;
    const key = checkKey(ruleId, hostId, entity, `${field}.key`);
    if (seen.has(key)) throw invalid(`${field}.key`, 'names a state already in this commit');
    seen.add(key);
    const expected = s.expectedVersion;
    if (expected !== null && !(Number.isSafeInteger(expected) && expected >= 0)) throw invalid(`${field}.expectedVersion`, 'must be a whole number ≥ 0 or null');
    const state = s.state === null ? null : checked('state', s.state, `${field}.state`);
    if (state) {
      if (stateKey(state) !== key) throw invalid(`${field}.state`, 'must have the rule, host and entity of its key');
      if (state.version !== (expected === null ? 0 : expected + 1)) throw invalid(`${field}.state.version`, 'must be expectedVersion + 1 (0 when new)');
    }
    return { key, ruleId, hostId, entity, expectedVersion: expected, state };
  });
  const events = change.events.map((e, i) => {
    const event = checked('event', e, `events.${i}`);
    checkId(event.hostId, `events.${i}.hostId`);
    checkId(event.ruleId, `events.${i}.ruleId`);
    return event;
  });
  const deliveries = change.deliveries.map((d, i) => {
    const delivery = checked('delivery', d, `deliveries.${i}`);
    checkId(delivery.id, `deliveries.${i}.id`, 160);
    return delivery;
  });
  return { states, events, deliveries, now: change.now };
}

function checkKey(ruleId: unknown, hostId: unknown, entity: unknown, field: string): string {
  checkId(ruleId, `${field}.ruleId`);
  checkId(hostId, `${field}.hostId`);
  if (typeof entity !== 'string' || entity.length > 512) throw invalid(`${field}.entity`, 'must be at most 512 characters');
  return stateKey({ ruleId: ruleId as string, hostId: hostId as string, entity });
}

/** An id a record can have: lookups by anything else find nothing (an unbounded id from a URL is not an error of the store's). */
export const isId = (value: unknown, max = 64): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= max && !value.includes('\u0000');

/**
 * An id argument (rule, host, channel, ...) of a write: 1 to `max` characters without NUL, else InvalidInput naming it. NUL
 * separates the parts of a state key (stateKey) and of Redis' event tags, so an id holding one could pass for another.
 */
export function checkId(value: unknown, field: string, max = 64): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > max) throw invalid(field, `must be 1 to ${max} characters`);
  if (value.includes('\u0000')) throw invalid(field, 'must not contain NUL');
  return value;
}

export function checkCount(value: unknown, field: string, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max) throw invalid(field, `must be a whole number from 1 to ${max}`);
  return value as number;
}

export function checkTime(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid(field, 'must be a whole, non-negative time in ms');
  return value as number;
}

export function checkLease(name: unknown, owner: unknown, ttlMs: unknown, now: unknown): { name: string; owner: string; until: number; now: number } {
  checkId(name, 'name', MAX_LEASE_LABEL);
  checkId(owner, 'owner', MAX_LEASE_LABEL);
  const ttl = checkCount(ttlMs, 'ttlMs', 86_400_000);
  const at = checkTime(now, 'now');
  return { name: name as string, owner: owner as string, until: at + ttl, now: at };
}

/** claimDeliveries' arguments, checked. */
export function checkClaim(now: unknown, leaseMs: unknown, limit: unknown): { now: number; until: number; limit: number } {
  const at = checkTime(now, 'now');
  return { now: at, until: at + checkCount(leaseMs, 'leaseMs', 86_400_000), limit: checkCount(limit, 'limit', MAX_CLAIM) };
}

export type FinishNext = { status: 'sent' | 'failed' } | { status: 'queued'; dueAt: number };

/** finishDelivery's arguments, checked. */
export function checkFinish(id: unknown, attempt: unknown, next: FinishNext): { id: string; attempt: Shape<'attempt'>; next: FinishNext } {
  checkId(id, 'id', 160);
  const a = checked('attempt', attempt);
  if (next?.status === 'queued') return { id: id as string, attempt: a, next: { status: 'queued', dueAt: checkTime(next.dueAt, 'next.dueAt') } };
  if (next?.status === 'sent' || next?.status === 'failed') return { id: id as string, attempt: a, next: { status: next.status } };
  throw invalid('next.status', 'must be sent, failed or queued');
}

export interface CheckedFilter {
  hostId?: string;
  ruleId?: string;
  severity?: EventFilter['severity'];
  from: number;
  to: number;
  limit: number;
}

/** The checked filter, or null when it names a host or rule that cannot exist (the answer is then empty). */
export function checkFilter(f: EventFilter): CheckedFilter | null {
  const out: CheckedFilter = {
    from: f.from ?? Number.NEGATIVE_INFINITY,
    to: f.to ?? Number.POSITIVE_INFINITY,
    limit: checkCount(f.limit, 'limit', MAX_EVENT_READ),
  };
  if (f.hostId !== undefined) {
    if (!isId(f.hostId)) return null;
    out.hostId = f.hostId;
  }
  if (f.ruleId !== undefined) {
    if (!isId(f.ruleId)) return null;
    out.ruleId = f.ruleId;
  }
  if (f.severity !== undefined) {
    if (f.severity !== 'warning' && f.severity !== 'critical') throw invalid('severity', 'must be warning or critical');
    out.severity = f.severity;
  }
  if (Number.isNaN(out.from) || Number.isNaN(out.to)) throw invalid('from', 'must be a time in ms');
  return out;
}

/** The order of records in lists: by creation, then id (both backends). */
export const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** States in a stable order: rule, host, entity. */
export const byStateKey = (a: AlertState, b: AlertState) => {
  const x = stateKey(a);
  const y = stateKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

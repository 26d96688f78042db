import { afterAll } from 'vitest';
import type {
  AlertEvent, AlertRule, AlertState, Channel, Delivery, DeliveryAttempt, MaintenanceWindow, Silence,
} from '@/lib/alerts/schemas';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { AlertLimits } from '@/lib/store/alert-records';
import type { Store } from '@/lib/store/types';
import type { BackendUnderTest } from './contract';
import { RETENTION } from './sample';

/** Valid alert records for the alert store contract, each with a fresh id unless given one. */

/** The injected clock of the alert contract: a fixed time, moved by the tests. */
export const T = 1_750_000_000_000;

let n = 0;
export const uid = (p: string) => `${p}${++n}-${Math.random().toString(36).slice(2, 8)}`;

export function rule(o: Partial<AlertRule> = {}): AlertRule {
  return {
    id: uid('r'), name: 'CPU high', enabled: true, forMs: 0, severity: 'warning', scope: { kind: 'all' }, channelIds: [], repeatMs: null,
    condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90, aggregate: 'avg', windowMs: 0 },
    createdAt: T + n, updatedAt: T + n, ...o,
  };
}

export function channel(o: Partial<Channel> = {}): Channel {
  return { id: uid('c'), name: 'ops', kind: 'webhook', config: { url: 'https://hooks.example.test/x', retries: 3, verbose: false }, createdAt: T + ++n, updatedAt: T + n, ...o };
}

export function maintenanceWindow(o: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return { id: uid('w'), name: 'patch night', scope: { kind: 'tag', tag: 'db' }, schedule: { kind: 'daily', startMinute: 120, durationMs: 3_600_000 }, createdAt: T + ++n, ...o };
}

export function silence(o: Partial<Silence> = {}): Silence {
  return { id: uid('s'), ruleId: 'r-any', until: T + 3_600_000, comment: 'known', createdBy: 'u1', createdAt: T + ++n, ...o };
}

export interface Key {
  ruleId: string;
  hostId: string;
  entity: string;
}
export const key = (ruleId: string, hostId: string, entity = ''): Key => ({ ruleId, hostId, entity });
export const keyText = (k: Key) => `${k.ruleId}\u0000${k.hostId}\u0000${k.entity}`;

export function state(k: Key, version: number, o: Partial<AlertState> = {}): AlertState {
  return {
    ...k, status: 'firing', since: T, evaluatedAt: T, value: 93.5, window: [[T - 60_000, 180, 2, 89.5, 90.5]], notifiedAt: null, acknowledgedBy: null,
    seq: version, version, ...o,
  };
}

export function event(o: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: uid('e'), ruleId: 'r-any', ruleName: 'CPU high', hostId: 'h-any', hostName: 'web-1', entity: '', kind: 'firing', severity: 'warning',
    value: 93.5, threshold: 90, at: T, firingSince: null, suppressed: null, ...o,
  };
}

export function delivery(o: Partial<Delivery> = {}): Delivery {
  const eventId = o.eventId ?? uid('e');
  const channelId = o.channelId ?? 'c-any';
  return { id: `${eventId}:${channelId}`, eventId, channelId, status: 'queued', attempts: 0, dueAt: T, leaseUntil: null, createdAt: T, ...o };
}

export function attempt(d: Pick<Delivery, 'id' | 'channelId' | 'eventId'>, at: number, o: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
  return { deliveryId: d.id, channelId: d.channelId, eventId: d.eventId, at, ok: true, status: 200, detail: 'ok', ...o };
}

/** A commit of new states (expectedVersion null) with the given events and deliveries. */
export function commitOf(o: Partial<AlertCommit> & { create?: AlertState[] } = {}): AlertCommit {
  const created = (o.create ?? []).map((s) => ({ key: { ruleId: s.ruleId, hostId: s.hostId, entity: s.entity }, expectedVersion: null, state: s }));
  return { states: [...created, ...(o.states ?? [])], events: o.events ?? [], deliveries: o.deliveries ?? [], now: o.now ?? T };
}

/** Stores made inside a test (own limits, or a queue no other test touches), all closed after the suite. */
export function freshStores(backend: BackendUnderTest) {
  const open: Store[] = [];
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
  });
  return async (alertLimits?: Partial<AlertLimits>) => {
    const store = await backend.create(RETENTION, alertLimits ? { alertLimits } : {});
    open.push(store);
    return store;
  };
}

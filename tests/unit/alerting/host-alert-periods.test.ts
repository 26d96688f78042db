import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertPeriods, MAX_PERIODS } from '@/lib/alerting/alert-periods';
import { invalidateAlertConfig } from '@/lib/alerting/config-cache';
import { hostAlertPeriods } from '@/lib/alerting/host-alerts';
import { alertEventSchema, alertStateSchema, ruleSchema, type AlertEvent, type AlertRule, type AlertState } from '@/lib/alerts/schemas';
import { HostNotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import { createTestHost, openSqliteStoreAt } from '../../support/hosts';

/**
 * The host page's alert periods: from resolved events (firingSince → at) and
 * firing states (since → still open), of the rules that still exist; then
 * the same read through a real SQLite store.
 */

const T0 = Date.UTC(2026, 0, 31, 3, 0, 0);
const MIN = 60_000;

const rule = (id: string, input: Record<string, unknown> = {}): AlertRule =>
  ruleSchema.parse({ id, name: `rule ${id}`, createdAt: 1, updatedAt: 1, condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90 }, severity: 'critical', ...input });

let seq = 0;
const event = (e: Partial<AlertEvent>): AlertEvent =>
  alertEventSchema.parse({
    id: `e${seq++}`, ruleId: 'cpu', ruleName: 'CPU high', hostId: 'h1', hostName: 'web-1', entity: '', kind: 'resolved',
    severity: 'critical', value: 50, threshold: 90, at: T0, firingSince: T0 - 10 * MIN, suppressed: null, ...e,
  });
const state = (s: Partial<AlertState>): AlertState =>
  alertStateSchema.parse({ ruleId: 'cpu', hostId: 'h1', entity: '', status: 'firing', since: T0, evaluatedAt: T0, value: 95, seq: 1, version: 0, ...s });

describe('alertPeriods', () => {
  const rules = new Map([
    ['cpu', rule('cpu')],
    ['down', rule('down', { condition: { kind: 'host_down', afterMs: 5 * MIN }, severity: 'warning' })],
  ]);

  it('turns resolved events and firing states into periods, oldest first, with the rule\'s condition and signal', () => {
    const periods = alertPeriods({
      events: [
        event({ at: T0 + 30 * MIN, firingSince: T0 + 20 * MIN }),
        event({ kind: 'firing', at: T0 + 20 * MIN }), // its resolved event above carries the period
        event({ ruleId: 'down', ruleName: 'Down', severity: 'warning', at: T0 + 5 * MIN, firingSince: T0 }),
        event({ kind: 'repeat', at: T0 + 25 * MIN }),
      ],
      states: [state({ since: T0 + 50 * MIN }), state({ ruleId: 'cpu', entity: 'x', status: 'pending', since: T0 + 55 * MIN })],
      rules,
      from: T0,
      to: T0 + 60 * MIN,
    });
    expect(periods).toEqual([
      { ruleId: 'down', ruleName: 'Down', severity: 'warning', condition: 'host_down', signal: null, entity: '', from: T0, to: T0 + 5 * MIN },
      { ruleId: 'cpu', ruleName: 'CPU high', severity: 'critical', condition: 'metric', signal: 'cpu.total', entity: '', from: T0 + 20 * MIN, to: T0 + 30 * MIN },
      { ruleId: 'cpu', ruleName: 'rule cpu', severity: 'critical', condition: 'metric', signal: 'cpu.total', entity: '', from: T0 + 50 * MIN, to: null },
    ]);
  });

  it('leaves out deleted rules, periods outside the range, and keeps the newest past the cap', () => {
    const outside = alertPeriods({
      events: [event({ ruleId: 'gone' }), event({ at: T0 - MIN, firingSince: T0 - 5 * MIN }), event({ at: T0 + 90 * MIN, firingSince: T0 + 70 * MIN })],
      states: [state({ ruleId: 'gone' }), state({ since: T0 + 70 * MIN })],
      rules,
      from: T0,
      to: T0 + 60 * MIN,
    });
    expect(outside).toEqual([]);
    const many = alertPeriods({
      events: Array.from({ length: MAX_PERIODS + 20 }, (_, i) => event({ at: T0 + i * MIN + 30_000, firingSince: T0 + i * MIN })),
      states: [],
      rules,
      from: T0,
      to: T0 + 1_000 * MIN,
    });
    expect(many).toHaveLength(MAX_PERIODS);
    expect(many[0]!.from).toBe(T0 + 20 * MIN);
    expect(many.at(-1)!.from).toBe(T0 + (MAX_PERIODS + 19) * MIN);
  });
});

describe('hostAlertPeriods on SQLite', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-periods-'));
    store = await openSqliteStoreAt(dir);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the host\'s states and events (from the range start to now) and draws only enabled rules\' open periods', async () => {
    const { host } = await createTestHost(store, { name: 'web-1' });
    const { host: other } = await createTestHost(store, { name: 'db-1' });
    await store.alerts.createRule(rule('cpu'));
    await store.alerts.createRule(rule('off', { enabled: false }));
    invalidateAlertConfig(store);
    const now = T0 + 120 * MIN;
    const result = await store.alerts.commit({
      states: [
        { key: { ruleId: 'cpu', hostId: host.id, entity: '' }, expectedVersion: null, state: state({ hostId: host.id, since: T0 + 100 * MIN }) },
        { key: { ruleId: 'off', hostId: host.id, entity: '' }, expectedVersion: null, state: state({ ruleId: 'off', hostId: host.id, since: T0 }) },
        { key: { ruleId: 'cpu', hostId: other.id, entity: '' }, expectedVersion: null, state: state({ hostId: other.id, since: T0 }) },
      ],
      events: [
        // Began before the range, resolved after its end: found by reading events up to now.
        event({ hostId: host.id, at: T0 + 70 * MIN, firingSince: T0 + 10 * MIN }),
        event({ ruleId: 'off', hostId: host.id, at: T0 + 40 * MIN, firingSince: T0 + 35 * MIN }),
        event({ hostId: other.id, at: T0 + 40 * MIN, firingSince: T0 + 30 * MIN }),
      ],
      deliveries: [],
      now,
    });
    expect(result).toEqual({ ok: true });

    const window = { from: T0 + 30 * MIN, to: T0 + 60 * MIN };
    const answer = await hostAlertPeriods(store, host.id, window, now);
    expect(answer).toMatchObject({ hostId: host.id, ...window });
    expect(answer.periods.map((p) => [p.ruleId, p.from, p.to])).toEqual([
      ['cpu', T0 + 10 * MIN, T0 + 70 * MIN],
      ['off', T0 + 35 * MIN, T0 + 40 * MIN],
    ]);
    const later = await hostAlertPeriods(store, host.id, { from: T0 + 90 * MIN, to: now }, now);
    expect(later.periods.map((p) => [p.ruleId, p.from, p.to])).toEqual([['cpu', T0 + 100 * MIN, null]]);
    await expect(hostAlertPeriods(store, 'no-such-host', window, now)).rejects.toBeInstanceOf(HostNotFound);
  });
});

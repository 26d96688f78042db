import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeAlert } from '@/lib/alerting/acknowledge';
import { fieldLabel } from '@/lib/alerting/channel-kinds';
import { MAX_PREVIEW_HOSTS, MAX_PREVIEW_SERIES } from '@/lib/alerting/limits';
import { createRule } from '@/lib/alerting/manage-rules';
import { previewRule } from '@/lib/alerting/preview';
import type { AlertState } from '@/lib/alerts/schemas';
import { Conflict } from '@/lib/errors';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { AlertCommit } from '@/lib/store/alert-port';
import type { Store } from '@/lib/store/types';
import { createTestHost } from '../../support/hosts';
import { makeSample } from '../../support/samples';

/**
 * The alerts API's use cases on a real SQLite store, where HTTP cannot
 * reach: another writer committing between an acknowledgement's read and
 * its commit (fault injection on the real store's commit), and the preview's
 * bounds on hosts and series.
 */
const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-alerting-'));
let store: Store;

beforeAll(async () => {
  store = await createStore({ kind: 'sqlite', file: path.join(dir, 'hostwatch.db') }, DEFAULT_RETENTION);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The store, with `before` run ahead of each commit the code under test makes (another writer getting there first). */
function racing(before: (attempt: number) => Promise<void>): Store {
  let attempt = 0;
  const alerts = new Proxy(store.alerts, {
    get(target, prop) {
      if (prop === 'commit') return async (c: AlertCommit) => (await before(attempt++), target.commit(c));
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'alerts') return alerts;
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

let hostCount = 0;

async function firingAlert(): Promise<{ ruleId: string; hostId: string; state: AlertState }> {
  // Host names are unique in a store; each test makes its own.
  const { host } = await createTestHost(store, { name: `ack-host-${++hostCount}` });
  const rule = await createRule(store, { name: 'CPU', condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90 } }, NOW);
  const state: AlertState = { ruleId: rule.id, hostId: host.id, entity: '', status: 'firing', since: NOW - 60_000, evaluatedAt: NOW - 1_000, value: 95, window: [], notifiedAt: NOW - 60_000, acknowledgedBy: null, seq: 1, version: 0 };
  expect(await store.alerts.commit({ states: [{ key: state, expectedVersion: null, state }], events: [], deliveries: [], now: NOW })).toEqual({ ok: true });
  return { ruleId: rule.id, hostId: host.id, state };
}

/** Another writer's change to the state (a reminder, a resolution), committed at its current version. */
async function otherWriter(ruleId: string, hostId: string, change: Partial<AlertState>): Promise<void> {
  const current = (await store.alerts.getHostStates(hostId)).find((s) => s.ruleId === ruleId)!;
  const next = { ...current, ...change, version: current.version + 1 };
  expect(await store.alerts.commit({ states: [{ key: current, expectedVersion: current.version, state: next }], events: [], deliveries: [], now: NOW })).toEqual({ ok: true });
}

describe('acknowledgeAlert', () => {
  it('meets a newer version, reads the state again and acknowledges that one', async () => {
    const { ruleId, hostId } = await firingAlert();
    const raced = racing(async (attempt) => {
      if (attempt === 0) await otherWriter(ruleId, hostId, { notifiedAt: NOW });
    });
    const acked = await acknowledgeAlert(raced, { ruleId, hostId, entity: '' }, { userId: 'u-1' }, NOW);
    expect(acked).toMatchObject({ status: 'firing', acknowledgedBy: 'u-1', notifiedAt: NOW, version: 2 });
    expect((await store.alerts.getHostStates(hostId))[0]).toEqual(acked);
    const events = await store.alerts.listEvents({ ruleId, limit: 10 });
    expect(events.map((e) => e.kind)).toEqual(['acknowledged']);
  });

  it('a state resolved meanwhile is not acknowledged: 409 not_firing', async () => {
    const { ruleId, hostId } = await firingAlert();
    const raced = racing(async (attempt) => {
      if (attempt === 0) await otherWriter(ruleId, hostId, { status: 'ok', seq: 2, notifiedAt: null });
    });
    await expect(acknowledgeAlert(raced, { ruleId, hostId, entity: '' }, { userId: 'u-1' }, NOW)).rejects.toMatchObject({ code: 'not_firing' });
    expect((await store.alerts.getHostStates(hostId))[0]).toMatchObject({ status: 'ok', acknowledgedBy: null });
    expect(await store.alerts.listEvents({ ruleId, limit: 10 })).toEqual([]);
  });

  it('gives up after the second conflict with a 409, writing nothing of its own', async () => {
    const { ruleId, hostId } = await firingAlert();
    let bumps = 0;
    const raced = racing(async () => {
      bumps++;
      await otherWriter(ruleId, hostId, { notifiedAt: NOW + bumps });
    });
    const err = await acknowledgeAlert(raced, { ruleId, hostId, entity: '' }, { userId: 'u-1' }, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect(err).toMatchObject({ code: 'alert_changed' });
    expect(bumps).toBe(2);
    expect((await store.alerts.getHostStates(hostId))[0]).toMatchObject({ acknowledgedBy: null, version: 2 });
  });
});

describe('previewRule bounds', () => {
  it(`judges at most ${MAX_PREVIEW_HOSTS} hosts and says it cut the rest`, async () => {
    for (let i = 0; i < MAX_PREVIEW_HOSTS + 3; i++) await createTestHost(store, { name: `fleet-${String(i).padStart(3, '0')}`, tags: ['many'] });
    const res = await previewRule(store, { rule: { name: 'r', condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 50 }, scope: { kind: 'tag', tag: 'many' } }, range: '24h' }, NOW);
    expect(res.hosts).toHaveLength(MAX_PREVIEW_HOSTS);
    expect(res).toMatchObject({ hostsInScope: MAX_PREVIEW_HOSTS + 3, hostsCut: true, fired: 0 });
    // By name: the first fifty.
    expect(res.hosts.map((h) => h.hostName).sort().at(-1)).toBe(`fleet-${String(MAX_PREVIEW_HOSTS - 1).padStart(3, '0')}`);
    expect(res.hosts[0]!.unavailable).toMatch(/no stored history/);
  });

  it(`reads at most ${MAX_PREVIEW_SERIES} series of a host and marks the answer truncated`, async () => {
    const { host } = await createTestHost(store, { name: 'many-mounts' });
    const base = makeSample(NOW - 120_000);
    const fs = Array.from({ length: MAX_PREVIEW_SERIES + 6 }, (_, i) => ({ ...base.filesystems[0]!, mount: `/m${i}`, usedPct: i < 3 ? 97 : 20 }));
    await store.ingest(host.id, { samples: [{ ...base, filesystems: fs }], counters: { spooled: 0, dropped: 0 } }, NOW - 110_000);
    const res = await previewRule(store, { rule: { name: 'disk', condition: { kind: 'metric', signal: 'fs', op: 'above', threshold: 95 }, scope: { kind: 'host', hostId: host.id } }, range: '24h' }, NOW);
    expect(res.hosts).toHaveLength(1);
    expect(res.hosts[0]).toMatchObject({ truncated: true, fired: 3 });
  });
});

it('labels channel settings from their keys', () => {
  expect(['webhookUrl', 'chatId', 'apiBase', 'fromName', 'host'].map(fieldLabel)).toEqual(['Webhook URL', 'Chat ID', 'API base', 'From name', 'Host']);
});

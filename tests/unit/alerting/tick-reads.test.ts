import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alertsOnIngest } from '@/lib/alerting/on-ingest';
import { alertTick } from '@/lib/alerting/tick';
import type { AlertRule, RuleInput } from '@/lib/alerts/schemas';
import { ruleInputSchema } from '@/lib/alerts/schemas';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { HostRecord, IngestBatch, Store } from '@/lib/store/types';
import { makeSample } from '../../support/samples';

/**
 * What the tick reads, on a real SQLite store: each rule's states, read rule
 * by rule while there are few rules, and past a few, one read of all. Either
 * way it judges the same.
 */

const T = 1_750_000_000_000;
let dir: string;
let store: Store;
let n = 0;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hw-tick-reads-'));
  store = createStore({ kind: 'sqlite', file: path.join(dir, 'hostwatch.db') }, DEFAULT_RETENTION);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addRule(input: RuleInput): Promise<AlertRule> {
  const rule: AlertRule = { ...ruleInputSchema.parse(input), id: `r${++n}`, createdAt: T + n, updatedAt: T + n };
  await store.alerts.createRule(rule);
  return rule;
}

async function addHost(name: string): Promise<HostRecord> {
  const host: HostRecord = { id: `h-${name}`, name, tags: [], tokenHash: `hash-${name}`, disabled: false, createdAt: T };
  await store.createHost(host);
  return host;
}

/** A host's batch, stored and judged, received at `at`. */
async function report(host: HostRecord, at: number) {
  const batch: IngestBatch = { samples: [makeSample(at - 1_000), makeSample(at)], counters: { spooled: 0, dropped: 0 } };
  await store.ingest(host.id, batch, at);
  await alertsOnIngest(store, host, batch, at);
}

const windowed: RuleInput = { name: 'CPU 5 min', condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 99, windowMs: 300_000 } };
const hostDown: RuleInput = { name: 'Host down', condition: { kind: 'host_down', afterMs: 60_000 } };

describe('alertTick reads', () => {
  // Every enabled rule's states: a firing held back by a window or silence is sent by the tick once nothing holds it.
  it('the states of each rule, one read per rule while they are few, and fires host down as before', async () => {
    const window = await addRule(windowed);
    const down = await addRule(hostDown);
    const host = await addHost('web-1');
    await report(host, T);
    const windowState = (await store.alerts.listStates({ ruleId: window.id }))[0]!;
    expect(windowState.window.length).toBeGreaterThan(0);

    const reads = vi.spyOn(store.alerts, 'listStates');
    const result = await alertTick(store, T + 120_000);

    expect(reads.mock.calls).toHaveLength(2);
    expect(reads.mock.calls).toEqual(expect.arrayContaining([[{ ruleId: down.id }], [{ ruleId: window.id }]]));
    expect(result).toMatchObject({ hosts: 1, transitions: 1, commits: 1, conflicts: 0, roundTrips: 4 });
    const [fired] = await store.alerts.listStates({ ruleId: down.id });
    expect(fired).toMatchObject({ hostId: host.id, status: 'firing', since: T + 60_000 });
    // The window the tick never judges is as ingest left it.
    expect((await store.alerts.listStates({ ruleId: window.id }))[0]).toEqual(windowState);
  });

  it('every state at once when it judges more than a few rules, with the same outcome', async () => {
    await addRule(windowed);
    const downs = [];
    for (let i = 0; i < 5; i++) downs.push(await addRule({ ...hostDown, name: `Host down ${i}`, repeatMs: 600_000 }));
    const host = await addHost('db-1');
    await report(host, T);

    const reads = vi.spyOn(store.alerts, 'listStates');
    const result = await alertTick(store, T + 120_000);

    expect(reads.mock.calls).toEqual([[]]);
    expect(result).toMatchObject({ hosts: 1, transitions: 5, commits: 1, roundTrips: 3 });
    const firing = (await store.alerts.listStates({ hostId: host.id })).filter((s) => s.status === 'firing').map((s) => s.ruleId);
    expect(firing.sort()).toEqual(downs.map((r) => r.id).sort());
  });
});

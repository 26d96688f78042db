import { describe, expect, it } from 'vitest';
import { EVENT_RETENTION_MS } from '@/lib/store/alert-port';
import { corruptRowsSkipped } from '@/lib/store/decode';
import { StoreConflictError } from '@/lib/store/errors';
import { alertQueueContract } from './alert-queue-contract';
import { channel, commitOf, event, freshStores, key, keyText, maintenanceWindow, rule, silence, state, T, uid } from './alert-fixtures';
import type { BackendUnderTest } from './contract';
import { RETENTION, suiteStore } from './sample';

/**
 * AlertStore: config records, states written with optimistic concurrency in
 * one atomic commit with their events and deliveries, event reads and
 * trimming, the cascades, and damaged entries. The queue, log and leases are
 * in alert-queue-contract.ts.
 */
export function alertsContract(name: string, backend: BackendUnderTest): void {
  describe(`alert store contract: ${name}`, () => {
    const suite = suiteStore(() => backend.create(RETENTION));
    const alerts = () => suite.store.alerts;
    const fresh = freshStores(backend);

    describe('config records', () => {
      it('rules: create, get, list in creation order, replace, delete; a duplicate id is a conflict', async () => {
        const a = rule({ createdAt: T + 2 });
        const b = rule({ createdAt: T + 1, scope: { kind: 'host', hostId: 'h1' }, channelIds: ['c1', 'c2'], repeatMs: 600_000 });
        await alerts().createRule(a);
        await alerts().createRule(b);
        expect(await alerts().getRule(a.id)).toEqual(a);
        expect(await alerts().getRule(b.id)).toEqual(b);
        expect((await alerts().listRules()).map((r) => r.id).filter((id) => id === a.id || id === b.id)).toEqual([b.id, a.id]);
        await expect(alerts().createRule({ ...a, name: 'again' })).rejects.toBeInstanceOf(StoreConflictError);

        const changed = { ...a, name: 'CPU very high', condition: { ...a.condition, threshold: 95 }, updatedAt: T + 10 } as typeof a;
        expect(await alerts().updateRule(changed)).toEqual(changed);
        expect(await alerts().getRule(a.id)).toEqual(changed);
        expect(await alerts().updateRule(rule())).toBeNull();
        expect(await alerts().deleteRule(a.id)).toBe(true);
        expect(await alerts().deleteRule(a.id)).toBe(false);
        expect(await alerts().getRule(a.id)).toBeNull();
        expect((await alerts().listRules()).some((r) => r.id === a.id)).toBe(false);
        expect(await alerts().getRule(b.id)).toEqual(b);
      });

      it('channels: the same round trip, config values of every kind intact', async () => {
        const c = channel({ config: { url: 'https://x.test/ü "quoted"', port: 587, tls: true, empty: '' } });
        await alerts().createChannel(c);
        expect(await alerts().getChannel(c.id)).toEqual(c);
        expect((await alerts().listChannels()).map((x) => x.id)).toContain(c.id);
        await expect(alerts().createChannel(c)).rejects.toBeInstanceOf(StoreConflictError);
        const renamed = { ...c, name: 'pager', config: { url: 'https://y.test' } };
        expect(await alerts().updateChannel(renamed)).toEqual(renamed);
        expect(await alerts().getChannel(c.id)).toEqual(renamed);
        expect(await alerts().updateChannel(channel())).toBeNull();
        expect(await alerts().deleteChannel(c.id)).toBe(true);
        expect(await alerts().deleteChannel(c.id)).toBe(false);
        expect(await alerts().getChannel(c.id)).toBeNull();
      });

      it('maintenance windows and silences: create, list, delete', async () => {
        const w1 = maintenanceWindow();
        const w2 = maintenanceWindow({ scope: { kind: 'all' }, schedule: { kind: 'once', from: T, to: T + 3_600_000 } });
        const s1 = silence({ hostId: 'h1', entity: '/var' });
        const s2 = silence();
        for (const w of [w1, w2]) await alerts().createWindow(w);
        for (const s of [s1, s2]) await alerts().createSilence(s);
        await expect(alerts().createWindow(w1)).rejects.toBeInstanceOf(StoreConflictError);
        await expect(alerts().createSilence(s1)).rejects.toBeInstanceOf(StoreConflictError);
        expect((await alerts().listWindows()).filter((w) => w.id === w1.id || w.id === w2.id)).toEqual([w1, w2]);
        expect((await alerts().listSilences()).filter((s) => s.id === s1.id || s.id === s2.id)).toEqual([s1, s2]);
        expect(await alerts().deleteWindow(w1.id)).toBe(true);
        expect(await alerts().deleteWindow(w1.id)).toBe(false);
        expect(await alerts().deleteSilence(s2.id)).toBe(true);
        expect(await alerts().deleteSilence(s2.id)).toBe(false);
        expect((await alerts().listWindows()).map((w) => w.id)).not.toContain(w1.id);
        expect((await alerts().listSilences()).filter((s) => s.id === s1.id || s.id === s2.id)).toEqual([s1]);
      });

      it('refuses an invalid record naming the field, and finds nothing for an id no record can have', async () => {
        await expect(alerts().createRule({ ...rule(), name: '' })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('rule.name') });
        await expect(alerts().createChannel({ ...channel(), id: 'x'.repeat(65) })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('channel.id') });
        const long = 'x'.repeat(500);
        expect(await alerts().getRule(long)).toBeNull();
        expect(await alerts().deleteRule(long)).toBe(false);
        expect(await alerts().getHostStates(long)).toEqual([]);
        expect(await alerts().listEvents({ hostId: long, limit: 10 })).toEqual([]);
        await alerts().deleteStatesOfHost(long);
      });
    });

    describe('states and the atomic commit', () => {
      it('writes a new state (expected null), updates it at the version read, deletes it at its version', async () => {
        const k = key(uid('r'), uid('h'), '/var');
        expect(await alerts().commit(commitOf({ create: [state(k, 0)] }))).toEqual({ ok: true });
        expect(await alerts().getHostStates(k.hostId)).toEqual([state(k, 0)]);
        const next = state(k, 1, { status: 'ok', acknowledgedBy: 'ada', notifiedAt: T + 5 });
        expect(await alerts().commit(commitOf({ states: [{ key: k, expectedVersion: 0, state: next }] }))).toEqual({ ok: true });
        expect(await alerts().getHostStates(k.hostId)).toEqual([next]);
        expect(await alerts().listStates({ ruleId: k.ruleId })).toEqual([next]);
        expect(await alerts().commit(commitOf({ states: [{ key: k, expectedVersion: 1, state: null }] }))).toEqual({ ok: true });
        expect(await alerts().getHostStates(k.hostId)).toEqual([]);
        expect(await alerts().listStates({ ruleId: k.ruleId })).toEqual([]);
        // Gone means new again.
        expect(await alerts().commit(commitOf({ create: [state(k, 0)] }))).toEqual({ ok: true });
      });

      it('a wrong or absent version is a conflict that writes nothing at all: not the other states, not the events, not the deliveries', async () => {
        const hostId = uid('h');
        const held = key(uid('r'), hostId);
        const fresh1 = key(uid('r'), hostId);
        const fresh2 = key(uid('r'), hostId);
        await alerts().commit(commitOf({ create: [state(held, 0)] }));
        const ev = event({ hostId, ruleId: held.ruleId });
        const del = { id: `${ev.id}:c`, eventId: ev.id, channelId: 'c', status: 'queued' as const, attempts: 0, dueAt: T, leaseUntil: null, createdAt: T };
        const cases = [
          { key: held, expectedVersion: 3, state: state(held, 4) }, // wrong version
          { key: held, expectedVersion: null, state: state(held, 0) }, // it exists
        ];
        for (const bad of cases) {
          const result = await alerts().commit(commitOf({ create: [state(fresh1, 0)], states: [bad], events: [ev], deliveries: [del] }));
          expect(result).toEqual({ ok: false, conflicts: [keyText(held)] });
        }
        const absent = await alerts().commit(commitOf({ states: [{ key: fresh2, expectedVersion: 0, state: state(fresh2, 1) }, { key: held, expectedVersion: 0, state: null }] }));
        expect(absent).toEqual({ ok: false, conflicts: [keyText(fresh2)] });
        expect(await alerts().getHostStates(hostId)).toEqual([state(held, 0)]);
        expect(await alerts().getEvent(ev.id)).toBeNull();
        expect(await alerts().listEvents({ hostId, limit: 10 })).toEqual([]);
        expect((await alerts().listQueuedDeliveries()).some((d) => d.id === del.id)).toBe(false);
      });

      it('20 concurrent commits from the same read: exactly one lands, with its event and delivery', async () => {
        const k = key(uid('r'), uid('h'));
        await alerts().commit(commitOf({ create: [state(k, 0, { status: 'pending' })] }));
        const racers = Array.from({ length: 20 }, (_, i) => {
          const ev = event({ hostId: k.hostId, ruleId: k.ruleId, at: T + i });
          return commitOf({
            states: [{ key: k, expectedVersion: 0, state: state(k, 1, { value: i }) }],
            events: [ev],
            deliveries: [{ id: `${ev.id}:c`, eventId: ev.id, channelId: 'c', status: 'queued', attempts: 0, dueAt: T, leaseUntil: null, createdAt: T }],
          });
        });
        const results = await Promise.all(racers.map((c) => alerts().commit(c)));
        const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) if (!r.ok) expect(r.conflicts).toEqual([keyText(k)]);
        const w = winners[0]!;
        expect(await alerts().getHostStates(k.hostId)).toEqual([state(k, 1, { value: w })]);
        expect((await alerts().listEvents({ hostId: k.hostId, limit: 100 })).map((e) => e.id)).toEqual([racers[w]!.events[0]!.id]);
        const queued = (await alerts().listQueuedDeliveries()).filter((d) => racers.some((c) => c.deliveries[0]!.id === d.id));
        expect(queued.map((d) => d.id)).toEqual([racers[w]!.deliveries[0]!.id]);
      });

      it('refuses a commit whose state does not follow the version it expects, or names a state twice', async () => {
        const k = key(uid('r'), uid('h'));
        await expect(alerts().commit(commitOf({ states: [{ key: k, expectedVersion: null, state: state(k, 2) }] }))).rejects.toMatchObject({
          kind: 'invalid', message: expect.stringContaining('states.0.state.version'),
        });
        await expect(alerts().commit(commitOf({ states: [{ key: k, expectedVersion: null, state: state(key(k.ruleId, 'other'), 0) }] }))).rejects.toMatchObject({ kind: 'invalid' });
        await expect(alerts().commit(commitOf({ create: [state(k, 0), state(k, 0)] }))).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('states.1.key') });
        expect(await alerts().getHostStates(k.hostId)).toEqual([]);
      });

      it('lists states by host, by rule, by both, and all; deleteStatesOfRule and deleteStatesOfHost remove exactly those', async () => {
        const [r1, r2, h1, h2] = [uid('r'), uid('r'), uid('h'), uid('h')];
        const all = [key(r1, h1, 'a'), key(r1, h1, 'b'), key(r1, h2), key(r2, h1), key(r2, h2)].map((k) => state(k, 0));
        await alerts().commit(commitOf({ create: all }));
        const ids = (list: { ruleId: string; hostId: string; entity: string }[]) => list.map(keyText).sort();
        const mine = (list: typeof all) => list.filter((s) => [r1, r2].includes(s.ruleId));
        expect(ids(await alerts().getHostStates(h1))).toEqual(ids(all.filter((s) => s.hostId === h1)));
        expect(ids(await alerts().listStates({ hostId: h2 }))).toEqual(ids(all.filter((s) => s.hostId === h2)));
        expect(ids(await alerts().listStates({ ruleId: r1 }))).toEqual(ids(all.filter((s) => s.ruleId === r1)));
        expect(ids(await alerts().listStates({ ruleId: r1, hostId: h1 }))).toEqual(ids(all.filter((s) => s.ruleId === r1 && s.hostId === h1)));
        expect(ids(mine(await alerts().listStates()))).toEqual(ids(all));

        await alerts().deleteStatesOfRule(r1);
        expect(ids(mine(await alerts().listStates()))).toEqual(ids(all.filter((s) => s.ruleId === r2)));
        expect(await alerts().listStates({ ruleId: r1 })).toEqual([]);
        await alerts().deleteStatesOfHost(h1);
        expect(ids(mine(await alerts().listStates()))).toEqual(ids(all.filter((s) => s.ruleId === r2 && s.hostId === h2)));
        expect(await alerts().getHostStates(h1)).toEqual([]);
        // The indexes followed: the rule's states come back for a host written again, and only there.
        await alerts().commit(commitOf({ create: [state(key(r1, h1, 'a'), 0)] }));
        expect(ids(await alerts().listStates({ ruleId: r1 }))).toEqual([keyText(key(r1, h1, 'a'))]);
        expect(ids(mine(await alerts().listStates({ hostId: h2 })))).toEqual([keyText(key(r2, h2))]);
      });
    });

    describe('events', () => {
      it('reads one event, and lists by host, rule, severity and time, newest first, at most `limit`', async () => {
        const [h1, h2, r1, r2] = [uid('h'), uid('h'), uid('r'), uid('r')];
        const evs = [
          event({ hostId: h1, ruleId: r1, at: T + 1 }),
          event({ hostId: h1, ruleId: r2, at: T + 2, severity: 'critical' }),
          event({ hostId: h2, ruleId: r1, at: T + 3, kind: 'resolved', firingSince: T, suppressed: 'silenced' }),
          event({ hostId: h1, ruleId: r1, at: T + 4, severity: 'critical', value: null, threshold: null }),
          event({ hostId: h2, ruleId: r2, at: T + 5 }),
        ];
        await alerts().commit(commitOf({ events: evs.slice(0, 3) }));
        await alerts().commit(commitOf({ events: evs.slice(3) }));
        const list = async (f: Omit<Parameters<ReturnType<typeof alerts>['listEvents']>[0], 'limit'>, limit = 100) => (await alerts().listEvents({ ...f, limit })).map((e) => e.at - T);
        expect(await alerts().getEvent(evs[2]!.id)).toEqual(evs[2]);
        expect(await alerts().getEvent('no-such-event')).toBeNull();
        expect(await list({ hostId: h1 })).toEqual([4, 2, 1]);
        expect(await list({ ruleId: r1 })).toEqual([4, 3, 1]);
        expect(await list({ hostId: h1, ruleId: r1 })).toEqual([4, 1]);
        expect(await list({ hostId: h1, severity: 'critical' })).toEqual([4, 2]);
        expect(await list({ ruleId: r2, severity: 'warning' })).toEqual([5]);
        expect(await list({ hostId: h2, from: T + 3, to: T + 3 })).toEqual([3]);
        expect(await list({ ruleId: r1, from: T + 2 })).toEqual([4, 3]);
        expect(await list({ hostId: h1, to: T + 2 })).toEqual([2, 1]);
        expect(await list({ hostId: h1 }, 2)).toEqual([4, 2]);
        const everything = await alerts().listEvents({ from: T + 1, to: T + 5, limit: 1_000 });
        expect(everything.filter((e) => [h1, h2].includes(e.hostId))).toEqual([...evs].reverse());
        await expect(alerts().listEvents({ limit: 1_001 })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('limit') });
      });

      it('keeps an event id once: a second commit naming it changes nothing', async () => {
        const ev = event({ hostId: uid('h') });
        await alerts().commit(commitOf({ events: [ev] }));
        await alerts().commit(commitOf({ events: [{ ...ev, hostName: 'changed', at: T + 9 }] }));
        expect(await alerts().getEvent(ev.id)).toEqual(ev);
        expect(await alerts().listEvents({ hostId: ev.hostId, limit: 10 })).toEqual([ev]);
      });

      it('keeps the newest maxEvents, by time then id, also in the filtered reads', async () => {
        const store = await fresh({ maxEvents: 5 });
        const [h1, h2] = [uid('h'), uid('h')];
        const evs = Array.from({ length: 9 }, (_, i) => event({ id: `ev-${i}`, hostId: i % 2 ? h1 : h2, at: T + Math.floor(i / 2) }));
        await store.alerts.commit(commitOf({ events: evs.slice(0, 4) }));
        await store.alerts.commit(commitOf({ events: evs.slice(4) }));
        const kept = (await store.alerts.listEvents({ limit: 100 })).map((e) => e.id);
        expect(kept).toEqual(['ev-8', 'ev-7', 'ev-6', 'ev-5', 'ev-4']);
        expect((await store.alerts.listEvents({ hostId: h1, limit: 100 })).map((e) => e.id)).toEqual(['ev-7', 'ev-5']);
        expect((await store.alerts.listEvents({ hostId: h2, limit: 100 })).map((e) => e.id)).toEqual(['ev-8', 'ev-6', 'ev-4']);
        expect(await store.alerts.getEvent('ev-3')).toBeNull();
      });

      it('drops events older than the retention at the commit’s now, even when the commit brings none', async () => {
        const store = await fresh();
        const hostId = uid('h');
        const old = event({ hostId, at: T });
        const edge = event({ hostId, at: T + 1_000 });
        await store.alerts.commit(commitOf({ events: [old, edge] }));
        await store.alerts.commit(commitOf({ now: T + EVENT_RETENTION_MS + 500 }));
        expect(await store.alerts.listEvents({ hostId, limit: 10 })).toEqual([edge]);
        expect(await store.alerts.getEvent(old.id)).toBeNull();
        const late = event({ hostId, at: T + EVENT_RETENTION_MS + 2_000 });
        await store.alerts.commit(commitOf({ events: [late], now: T + EVENT_RETENTION_MS + 1_500 }));
        expect(await store.alerts.listEvents({ hostId, limit: 10 })).toEqual([late]);
      });
    });

    if (backend.damageAlert) {
      const damage = backend.damageAlert;
      it('skips and counts a stored entry that is not JSON (rule, state, event), and a commit may replace the state', async () => {
        const good = rule();
        const bad = rule();
        await alerts().createRule(good);
        await alerts().createRule(bad);
        const hostId = uid('h');
        const k1 = key(bad.id, hostId);
        const k2 = key(good.id, hostId);
        const [e1, e2] = [event({ hostId, at: T + 1 }), event({ hostId, at: T + 2 })];
        await alerts().commit(commitOf({ create: [state(k1, 0), state(k2, 0)], events: [e1, e2] }));
        await damage(suite.store, { kind: 'rule', id: bad.id });
        await damage(suite.store, { kind: 'state', ...k1 });
        await damage(suite.store, { kind: 'event', id: e2.id });

        const before = corruptRowsSkipped();
        expect(await alerts().getRule(bad.id)).toBeNull();
        expect((await alerts().listRules()).map((r) => r.id).filter((id) => id === good.id || id === bad.id)).toEqual([good.id]);
        expect(await alerts().getHostStates(hostId)).toEqual([state(k2, 0)]);
        expect(await alerts().listEvents({ hostId, limit: 10 })).toEqual([e1]);
        expect(await alerts().getEvent(e2.id)).toBeNull();
        expect(corruptRowsSkipped() - before).toBeGreaterThanOrEqual(5);
        // The engine saw no state there, so it writes one as new: the damaged entry must not block that key forever.
        expect(await alerts().commit(commitOf({ create: [state(k1, 0, { status: 'ok' })] }))).toEqual({ ok: true });
        expect(await alerts().getHostStates(hostId)).toEqual([state(k1, 0, { status: 'ok' }), state(k2, 0)].sort((a, b) => (keyText(a) < keyText(b) ? -1 : 1)));
      });
    }

    alertQueueContract(name, fresh);
  });
}

import { describe, expect, it } from 'vitest';
import { LEASE_MS } from '@/lib/alerting/deliver';
import { deleteHost } from '@/lib/accounts/hosts';
import { alertTick } from '@/lib/alerting/tick';
import type { AlertEvent } from '@/lib/alerts/schemas';
import { HttpError } from '@/lib/http/http-error';
import { createTestHost } from '../../support/hosts';
import type { EngineBackend } from './backends';
import { addRule, addWebhook, cpuRule, deliver, editRule, eventsOf, Feed, kinds, MIN, post, sampleAt, SEC, stateOf, T } from './kit';
import { startWebhook } from './receivers';

/**
 * What must survive a restart, a crash and a second server instance:
 * every transition committed exactly once with its notification, whatever
 * the process caches held; and what must go with a deleted host or an
 * edited rule.
 */
const namesOf = (events: readonly AlertEvent[]) => events.map((e) => `${e.ruleName} ${e.kind}`);

export function durabilityContract(backend: EngineBackend) {
  describe(`restarts, deletions and rule edits on ${backend.name}`, () => {
    it('a restart while pending and while firing neither loses nor repeats a transition', async () => {
      const ns = backend.fresh();
      let store = ns.open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'api-1' });
      const rule = await addRule(store, cpuRule(80, { forMs: MIN }), [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      const restart = async () => {
        await store.close();
        store = ns.open(); // a new process: fresh config and state caches
        feed.to(store);
      };
      await feed.send(50);
      const breachFrom = feed.ts + 5 * SEC;
      for (let i = 0; i < 3; i++) await feed.send(90);
      await restart();
      for (let i = 0; i < 3; i++) expect((await feed.send(90)).deliveriesQueued).toBe(false);
      expect((await feed.send(90)).deliveriesQueued).toBe(true); // 60 s after the breach began, before the restart
      await restart(); // before anything was sent
      for (let i = 0; i < 3; i++) await feed.send(90);
      expect(await deliver(store, feed.now)).toMatchObject({ sent: 1 });
      await restart();
      await feed.send(40);
      expect(await deliver(store, feed.now)).toMatchObject({ sent: 1 });
      expect(kinds(await eventsOf(store, h.host.id))).toEqual(['firing', 'resolved']);
      expect((await eventsOf(store, h.host.id))[0]!.firingSince).toBe(breachFrom + MIN);
      expect(hook.hooks().map((x) => x.kind)).toEqual(['alert.firing', 'alert.resolved']);
      expect((await stateOf(store, rule.id, h.host.id))?.status).toBe('ok');
    });

    it('a batch stored but never judged (the server died in between) is judged when the collector resends it, once', async () => {
      const ns = backend.fresh();
      const store = ns.open();
      const hook = await startWebhook();
      const h = await createTestHost(store);
      await addRule(store, cpuRule(80), [(await addWebhook(store, hook.url)).id]);
      await addRule(store, { name: 'Clock', condition: { kind: 'clock_skew', maxMs: SEC } }, []);
      const samples = [sampleAt(T, 10), sampleAt(T + 5 * SEC, 95)];
      // What the request did before the crash: the batch is durable, alerting never saw it.
      expect(await store.ingest(h.host.id, { samples, counters: { spooled: 0, dropped: 0 } }, T + 6 * SEC)).toMatchObject({ accepted: 2 });
      await store.close();
      const next = ns.open();
      // The collector got no answer and resends the same batch a minute later.
      const resent = await post(next, h, samples, T + MIN);
      expect(resent.reply).toMatchObject({ accepted: 0, duplicates: 2 });
      expect(resent.deliveriesQueued).toBe(true);
      expect((await post(next, h, samples, T + 2 * MIN)).deliveriesQueued).toBe(false);
      await deliver(next, T + 2 * MIN);
      // Once, and the resend's delay is not taken for the host's clock being off.
      expect(namesOf(await eventsOf(next, h.host.id))).toEqual(['CPU high firing']);
      expect(hook.hooks().map((x) => x.kind)).toEqual(['alert.firing']);
    });

    it('a crash after claiming a delivery sends it once, by the next process, after the lease', async () => {
      const ns = backend.fresh();
      const store = ns.open();
      const hook = await startWebhook();
      const h = await createTestHost(store);
      await addRule(store, cpuRule(80), [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      await feed.send(95);
      expect(await store.alerts.claimDeliveries(feed.now, LEASE_MS, 25)).toHaveLength(1);
      await store.close(); // died before sending
      const next = ns.open();
      expect(await deliver(next, feed.now + SEC)).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(await deliver(next, feed.now + LEASE_MS)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(await deliver(next, feed.now + 2 * LEASE_MS)).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(hook.hooks()).toHaveLength(1);
    });

    it('a windowed rule writes about once a minute, and the minute in memory survives the periodic re-read', async () => {
      const store = backend.fresh().open();
      const h = await createTestHost(store);
      const rule = await addRule(store, { name: 'CPU 5 min', condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 80, windowMs: 5 * MIN } });
      const feed = new Feed(store, h, T); // the first sample on a minute boundary
      for (let i = 0; i < 24; i++) await feed.send(40 + (i % 3)); // 4 minutes, 10 s batches, 12 samples a minute
      const state = await stateOf(store, rule.id, h.host.id);
      expect(state?.status).toBe('ok');
      // One write when it appeared, then one as each minute turned: never one per batch.
      expect(state!.version).toBeLessThanOrEqual(4);
      // The store holds every complete minute whole (12 samples each), though the cache was re-read meanwhile.
      expect(state!.window.slice(0, -1).map((b) => b[2])).toEqual([12, 12, 12]);
    });

    it('two server instances on one store ingesting, ticking and delivering side by side send each notification exactly once', async () => {
      const ns = backend.fresh();
      const a = ns.open();
      const b = ns.open();
      const hook = await startWebhook();
      const channel = await addWebhook(a, hook.url);
      await addRule(a, cpuRule(80, { clear: 50 }), [channel.id]);
      await addRule(a, { name: 'Host down', condition: { kind: 'host_down', afterMs: 2 * MIN } }, [channel.id]);
      const hosts = await Promise.all([0, 1, 2].map((i) => createTestHost(a, { name: `fleet-${i}` })));
      const feeds = hosts.map((h) => new Feed(a, h));
      const instances = [a, b];
      for (let step = 0; step < 60; step++) {
        const now = feeds[0]!.now + 10 * SEC;
        const cpu = step >= 10 && step < 20 ? 95 : 10;
        await Promise.all([
          // Each host's batches land on either instance, as behind a load balancer; host 2 is silent for steps 30–49.
          ...feeds.map((f, i) => (i === 2 && step >= 30 && step < 50 ? f.pause(10 * SEC) : f.to(instances[(step + i) % 2]!).send(cpu))),
          // Two tickers at once (as if both believed they led), and both delivery workers.
          alertTick(a, now),
          alertTick(b, now),
          deliver(a, now),
          deliver(b, now),
        ]);
      }
      const end = feeds[0]!.now + MIN;
      await Promise.all([deliver(a, end), deliver(b, end)]);
      const events = (await Promise.all(hosts.map((h) => eventsOf(a, h.host.id)))).flat();
      expect(events.map((e) => `${e.hostName} ${e.ruleName} ${e.kind}`).sort()).toEqual(
        ['fleet-0', 'fleet-1', 'fleet-2'].flatMap((n) => [`${n} CPU high firing`, `${n} CPU high resolved`]).concat(['fleet-2 Host down firing', 'fleet-2 Host down resolved']).sort(),
      );
      const hooks = hook.hooks();
      expect(hooks.map((x) => x.event.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(new Set(hooks.map((x) => x.deliveryId)).size).toBe(hooks.length);
      expect(hook.requests).toHaveLength(hooks.length);
    });

    it('behind a load balancer, a value one instance judged ends the for-duration the other one started', async () => {
      const ns = backend.fresh();
      const a = ns.open();
      const b = ns.open();
      const hook = await startWebhook();
      const rule = await addRule(a, cpuRule(80, { forMs: 30 * SEC }), [(await addWebhook(a, hook.url)).id]);
      const h = await createTestHost(a);
      const feed = new Feed(a, h);
      await feed.send(10); // a has read the host's (empty) states
      // Every other batch dips under the threshold: the condition never holds for 30 s.
      for (let i = 0; i < 8; i++) await (i % 2 === 0 ? feed.to(b).send(95) : feed.to(a).send(10));
      expect(await eventsOf(a, h.host.id)).toEqual([]);
      // Then it holds on both: it fires once, 30 s after the last dip.
      const from = feed.ts + 5 * SEC;
      for (let i = 0; i < 5; i++) await feed.to(i % 2 === 0 ? b : a).send(95);
      await deliver(a, feed.now);
      expect((await eventsOf(a, h.host.id)).map((e) => [e.kind, e.at])).toEqual([['firing', from + 30 * SEC]]);
      expect((await stateOf(a, rule.id, h.host.id))?.status).toBe('firing');
      expect(hook.hooks()).toHaveLength(1);
    });

    it('a deleted host loses its states, fires nothing more, and its batches are refused; its events stay', async () => {
      const ns = backend.fresh();
      const a = ns.open();
      const b = ns.open();
      const hook = await startWebhook();
      const channel = await addWebhook(a, hook.url);
      await addRule(a, cpuRule(80), [channel.id]);
      await addRule(a, { name: 'Host down', condition: { kind: 'host_down', afterMs: 2 * MIN } }, [channel.id]);
      const h = await createTestHost(a);
      const feed = new Feed(b, h); // instance b caches its states
      await feed.send(95);
      await feed.send(95);
      await deleteHost(a, h.host.id, feed.now);
      expect(await a.alerts.listStates({ hostId: h.host.id })).toEqual([]);
      const error = await feed.send(95).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(401);
      for (const s of [a, b]) expect((await alertTick(s, feed.now + 10 * MIN)).hosts).toBe(0);
      expect(await a.alerts.listStates({ hostId: h.host.id })).toEqual([]);
      expect(kinds(await eventsOf(a, h.host.id))).toEqual(['firing']);
    });

    it('a rule edit (its states deleted) starts fresh, also on an instance that cached the old states', async () => {
      const ns = backend.fresh();
      const a = ns.open();
      const b = ns.open();
      const hook = await startWebhook();
      const rule = await addRule(a, cpuRule(80), [(await addWebhook(a, hook.url)).id]);
      const h = await createTestHost(a);
      const feed = new Feed(b, h);
      await feed.send(85);
      expect((await stateOf(a, rule.id, h.host.id))?.status).toBe('firing');
      // The API's edit on instance a: a changed condition replaces the rule and clears its states.
      await editRule(a, rule, cpuRule(90), feed.now);
      feed.pause(10 * SEC); // past the other instance's config cache
      await feed.send(85); // b still holds the old firing state: no "resolved" for a state that is gone
      expect(await stateOf(a, rule.id, h.host.id)).toBeUndefined();
      await feed.send(95);
      await deliver(a, feed.now);
      expect(kinds(await eventsOf(a, h.host.id))).toEqual(['firing', 'firing']);
      const hooks = hook.hooks();
      expect(hooks.map((x) => x.event.value)).toEqual([85, 95]);
      expect(new Set(hooks.map((x) => x.event.id)).size).toBe(2);
    });
  });
}

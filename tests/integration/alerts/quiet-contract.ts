import { describe, expect, it } from 'vitest';
import { LATE_MS } from '@/lib/alerting/late';
import { alertTick } from '@/lib/alerting/tick';
import type { AlertEvent } from '@/lib/alerts/schemas';
import type { Store } from '@/lib/store/types';
import { createTestHost, type TestHost } from '../../support/hosts';
import type { EngineBackend } from './backends';
import { ack, addRule, addSilence, addWebhook, addWindow, cpuRule, deliver, eventsOf, Feed, kinds, MIN, post, sampleAt, SEC, stateOf, T } from './kit';
import { startWebhook } from './receivers';

/**
 * When the engine judges but does not (yet) notify: reminders and the
 * acknowledgement that stops them, maintenance windows and silences (state
 * moves, events are kept with the reason, nothing is sent), and batches that
 * arrive long after their samples were taken (a collector's backlog).
 */

const suppressions = (events: readonly AlertEvent[]) => events.map((e) => `${e.kind}:${e.suppressed ?? 'sent'}`);

/** `minutes` of batches (30 s each) at `cpu`, with a tick and a delivery round after each, as the scheduler would run them. */
async function run(store: Store, feed: Feed, minutes: number, cpu: number) {
  for (let i = 0; i < minutes * 2; i++) {
    await feed.send(cpu, 6);
    await alertTick(store, feed.now);
    await deliver(store, feed.now);
  }
}

/**
 * The spooled samples of a host that could not reach the server, sent in batches of 120 received a second apart from
 * `receivedAt`; `between` runs after each batch (the scheduler's rounds go on while a backlog drains).
 */
async function backlog(store: Store, h: TestHost, from: number, to: number, cpuAt: (ts: number) => number, receivedAt: number, between?: (at: number, spooled: number) => Promise<void>) {
  const all: number[] = [];
  for (let ts = from; ts <= to; ts += 5 * SEC) all.push(ts);
  let at = receivedAt;
  for (let i = 0; i < all.length; i += 120) {
    const part = all.slice(i, i + 120);
    const spooled = all.length - i - part.length;
    await post(store, h, part.map((ts) => sampleAt(ts, cpuAt(ts))), at, { spooled, dropped: 0 });
    await between?.(at, spooled);
    at += SEC;
  }
  return at;
}

export function quietContract(backend: EngineBackend) {
  describe(`reminders, suppression and late news on ${backend.name}`, () => {
    it('reminds every repeatMs while firing, and an acknowledgement stops the reminders', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'app-1' });
      const rule = await addRule(store, cpuRule(80, { repeatMs: 5 * MIN }), [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      await feed.send(90);
      await deliver(store, feed.now);
      await run(store, feed, 12, 90);
      expect(kinds(await eventsOf(store, h.host.id))).toEqual(['firing', 'repeat', 'repeat']);
      await ack(store, rule, h, feed.now);
      await run(store, feed, 12, 90);
      expect(kinds(await eventsOf(store, h.host.id))).toEqual(['firing', 'repeat', 'repeat', 'acknowledged']);
      const hooks = hook.hooks();
      expect(hooks.map((x) => x.kind)).toEqual(['alert.firing', 'alert.repeat', 'alert.repeat']);
      expect(hooks[1]!.notice.title).toMatch(/^\[REMINDER\] app-1: CPU 90 % \(above 80 %\), firing for 5 min( \d+ s)?$/);
      expect(hooks.every((x) => x.signature.ok)).toBe(true);
      // The acknowledgement outlives the batches that keep the alert firing; it ends with the alert.
      expect(await stateOf(store, rule.id, h.host.id)).toMatchObject({ status: 'firing', acknowledgedBy: 'u-oncall' });
    });

    it('a maintenance window suppresses notifications, not state; an alert still firing when it ends is sent then, once', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'db-1' });
      const rule = await addRule(store, cpuRule(80), [(await addWebhook(store, hook.url)).id]);
      await addWindow(store, { name: 'patching', scope: { kind: 'host', hostId: h.host.id }, schedule: { kind: 'once', from: T, to: T + 30 * MIN } });
      const feed = new Feed(store, h);

      expect((await feed.send(95)).deliveriesQueued).toBe(false);
      expect(await stateOf(store, rule.id, h.host.id)).toMatchObject({ status: 'firing' });
      await run(store, feed, 2, 50); // resolved inside the window
      await run(store, feed, 2, 95); // fires again, still inside
      expect(suppressions(await eventsOf(store, h.host.id))).toEqual(['firing:maintenance', 'resolved:maintenance', 'firing:maintenance']);
      expect(await store.alerts.listQueuedDeliveries()).toEqual([]);

      await run(store, feed, 30, 95); // past the window's end, still firing
      await run(store, feed, 2, 50);
      expect(suppressions(await eventsOf(store, h.host.id))).toEqual(['firing:maintenance', 'resolved:maintenance', 'firing:maintenance', 'repeat:sent', 'resolved:sent']);
      const hooks = hook.hooks();
      expect(hooks.map((x) => x.kind)).toEqual(['alert.repeat', 'alert.resolved']);
      expect(hooks[0]!.notice.title).toMatch(/^\[REMINDER\] db-1: CPU 95 % \(above 80 %\), firing for 2\d min( \d+ s)?$/);
    });

    it('a silence of one rule on one host suppresses its notifications until it ends; other hosts are still notified', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const quiet = await createTestHost(store, { name: 'quiet-1' });
      const loud = await createTestHost(store, { name: 'loud-1' });
      const rule = await addRule(store, cpuRule(80), [(await addWebhook(store, hook.url)).id]);
      await addSilence(store, { ruleId: rule.id, hostId: quiet.host.id, until: T + 10 * MIN, comment: 'load test' });
      const a = new Feed(store, quiet);
      const b = new Feed(store, loud);
      await a.send(95);
      await b.send(95);
      await a.send(40);
      expect(suppressions(await eventsOf(store, quiet.host.id))).toEqual(['firing:silenced', 'resolved:silenced']);
      a.pause(10 * MIN);
      await a.send(95); // the silence is over
      await deliver(store, a.now);
      expect(suppressions(await eventsOf(store, quiet.host.id))).toEqual(['firing:silenced', 'resolved:silenced', 'firing:sent']);
      expect(hook.hooks().map((x) => `${x.kind}@${x.event.hostName}`)).toEqual(['alert.firing@loud-1', 'alert.firing@quiet-1']);
    });

    it('a backlog is judged and kept, but an episode that ended long ago is not sent; one still firing is sent once as news of now', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'branch-1' });
      const rule = await addRule(store, cpuRule(80), [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      await feed.send(10);
      // Two hours without a connection; the spool holds every sample. High from +10 to +20 min, and again for the last 30 min.
      const start = feed.ts + 5 * SEC;
      const end = start + 2 * 60 * MIN;
      const high = (ts: number) => (ts - start >= 10 * MIN && ts - start < 20 * MIN) || end - ts < 30 * MIN;
      // Rounds while it drains: an alert firing in the part received so far is old news, whose end may be in the part still spooled.
      let caughtUp = 0;
      const at = await backlog(store, h, start, end, (ts) => (high(ts) ? 95 : 10), end + 2 * SEC, async (now, spooled) => {
        if (spooled === 0) {
          caughtUp = now;
          return;
        }
        await alertTick(store, now);
        await deliver(store, now);
        expect(hook.requests).toEqual([]);
      });
      expect(suppressions(await eventsOf(store, h.host.id))).toEqual(['firing:late', 'resolved:late', 'firing:late']);
      expect(await store.alerts.listQueuedDeliveries()).toEqual([]);
      expect(await stateOf(store, rule.id, h.host.id)).toMatchObject({ status: 'firing', notifiedAt: null });

      // Caught up: the tick tells of the alert that is still firing, once.
      await alertTick(store, caughtUp);
      feed.ts = at;
      await feed.send(95);
      await alertTick(store, feed.now);
      await deliver(store, feed.now);
      expect(hook.hooks().map((x) => x.kind)).toEqual(['alert.repeat']);
      expect(hook.hooks()[0]!.notice.title).toMatch(/firing for 30 min( \d+ s)?$/);
      await feed.send(10);
      await deliver(store, feed.now);
      expect(hook.hooks().map((x) => x.kind)).toEqual(['alert.repeat', 'alert.resolved']);
    });

    it('the resolve of a firing that was sent is sent even from a backlog; a host whose clock is behind is not late', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'branch-2' });
      await addRule(store, cpuRule(80), [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      await feed.send(95);
      await deliver(store, feed.now);
      const start = feed.ts + 5 * SEC;
      const end = start + 60 * MIN;
      await backlog(store, h, start, end, (ts) => (ts - start < 5 * MIN ? 95 : 10), end + SEC);
      await deliver(store, end + 5 * SEC);
      expect(suppressions(await eventsOf(store, h.host.id))).toEqual(['firing:sent', 'resolved:sent']);

      // 20 minutes behind, caught up (nothing spooled): its samples are news however old their stamps look.
      const skewed = await createTestHost(store, { name: 'skewed-1' });
      const ts = end + 10 * MIN;
      expect(LATE_MS).toBeLessThan(20 * MIN);
      await post(store, skewed, [sampleAt(ts - 5 * SEC, 10), sampleAt(ts, 95)], ts + 20 * MIN);
      await deliver(store, ts + 20 * MIN);
      expect(suppressions(await eventsOf(store, skewed.host.id))).toEqual(['firing:sent']);
      expect(hook.hooks().map((x) => `${x.kind}@${x.event.hostName}`)).toEqual(['alert.firing@branch-2', 'alert.resolved@branch-2', 'alert.firing@skewed-1']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { updateHost } from '@/lib/accounts/hosts';
import { alertTick } from '@/lib/alerting/tick';
import { createTestHost } from '../../support/hosts';
import type { EngineBackend } from './backends';
import { addChannel, addRule, addWebhook, cpuRule, deliver, eventsOf, Feed, kinds, MIN, sampleAt, SEC, stateOf } from './kit';
import { startSmtp, startWebhook } from './receivers';

/**
 * What each kind of rule does end to end: ingested batches judged, the
 * transition committed with its event, the notification sent to a real
 * receiver. Clocks are injected; every step names its `now`.
 */
export function transitionsContract(backend: EngineBackend) {
  describe(`alert transitions on ${backend.name}`, () => {
    it('a metric rule fires after its for-duration and resolves only past the clear threshold; the webhook gets each once, signed and readable', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'web-1' });
      const rule = await addRule(store, cpuRule(80, { clear: 60, forMs: MIN }), [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);

      await feed.send(50, 4);
      expect(await stateOf(store, rule.id, h.host.id)).toBeUndefined(); // never breached: no state at all
      const breachFrom = feed.ts + 5 * SEC;
      for (let i = 0; i < 6; i++) expect((await feed.send(90)).deliveriesQueued).toBe(false); // samples 0–55 s into the breach: pending
      const pending = await stateOf(store, rule.id, h.host.id);
      expect(pending).toMatchObject({ status: 'pending', since: breachFrom });
      expect(await eventsOf(store, h.host.id)).toEqual([]);

      expect((await feed.send(90)).deliveriesQueued).toBe(true); // the sample 60 s after the first breach completes forMs
      expect(await stateOf(store, rule.id, h.host.id)).toMatchObject({ status: 'firing', since: breachFrom + MIN });
      expect(await deliver(store, feed.now)).toEqual({ sent: 1, retried: 0, failed: 0 });

      // Between clear (60) and threshold (80): still firing; at 61 still; at 60 it resolves.
      for (const cpu of [70, 61]) expect((await feed.send(cpu)).deliveriesQueued).toBe(false);
      expect((await stateOf(store, rule.id, h.host.id))?.status).toBe('firing');
      expect((await feed.send(60)).deliveriesQueued).toBe(true);
      expect(await deliver(store, feed.now)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(await deliver(store, feed.now + MIN)).toEqual({ sent: 0, retried: 0, failed: 0 });

      const events = await eventsOf(store, h.host.id);
      expect(kinds(events)).toEqual(['firing', 'resolved']);
      const hooks = hook.hooks();
      expect(hooks.map((x) => x.kind)).toEqual(['alert.firing', 'alert.resolved']);
      expect(hooks.map((x) => x.event.id)).toEqual(events.map((e) => e.id));
      for (const x of hooks) expect(x.signature.ok).toBe(true);
      expect(new Set(hooks.map((x) => x.deliveryId)).size).toBe(2);
      expect(hooks[0]!.notice.title).toBe('[FIRING] web-1: CPU 90 % (above 80 %)');
      expect(hooks[0]!.notice.text).toContain('the rule fires above 80 %; it resolves at 60 %');
      expect(hooks[1]!.notice.title).toMatch(/^\[RESOLVED\] web-1: CPU 60 % \(was above 80 %\) after /);
      expect(hooks[1]!.notice.url).toMatch(new RegExp(`^https://hostwatch\\.example\\.test/hosts/${h.host.id}\\?from=`));
    });

    it('an email channel delivers through a real SMTP server', async () => {
      const store = backend.fresh().open();
      const smtp = await startSmtp();
      const h = await createTestHost(store, { name: 'db-2' });
      const email = await addChannel(store, 'email', { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'alerts@hostwatch.test', to: 'oncall@example.test' });
      await addRule(store, cpuRule(80), [email.id]);
      const feed = new Feed(store, h);
      await feed.send(95);
      expect(await deliver(store, feed.now)).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['oncall@example.test']);
      expect(smtp.mails[0]!.text).toContain('Subject: [FIRING] db-2: CPU 95 % (above 80 %)');
    });

    it('host down fires on the tick once afterMs has passed without a batch, and resolves when a batch arrives', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'edge-1' });
      const rule = await addRule(store, { name: 'Host down', condition: { kind: 'host_down', afterMs: 2 * MIN } }, [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      // A host an admin disabled may not send: its silence is no outage.
      const retired = await createTestHost(store, { name: 'retired-1' });
      await new Feed(store, retired).send(10);
      await updateHost(store, retired.host.id, { disabled: true });
      await feed.send(10);
      const lastSeen = feed.now;

      expect((await alertTick(store, lastSeen + 2 * MIN)).transitions).toBe(0); // exactly afterMs: not yet
      expect((await alertTick(store, lastSeen + 2 * MIN + SEC)).transitions).toBe(1);
      expect(await stateOf(store, rule.id, h.host.id)).toMatchObject({ status: 'firing', since: lastSeen + 2 * MIN });
      expect((await alertTick(store, lastSeen + 5 * MIN)).transitions).toBe(0); // already firing
      expect(await deliver(store, lastSeen + 5 * MIN)).toMatchObject({ sent: 1 });

      feed.pause(10 * MIN);
      expect((await feed.send(10)).deliveriesQueued).toBe(true);
      expect(await deliver(store, feed.now)).toMatchObject({ sent: 1 });
      expect((await alertTick(store, feed.now + SEC)).transitions).toBe(0);
      expect(kinds(await eventsOf(store, h.host.id))).toEqual(['firing', 'resolved']);
      expect(await eventsOf(store, retired.host.id)).toEqual([]);
      const hooks = hook.hooks();
      expect(hooks.map((x) => x.kind)).toEqual(['alert.firing', 'alert.resolved']);
      expect(hooks.every((x) => x.signature.ok)).toBe(true);
      expect(hooks[0]!.notice.title).toMatch(/^\[FIRING\] edge-1: /);
      expect(hooks[1]!.notice.title).toMatch(/^\[RESOLVED\] edge-1: /);
    });

    it('process missing fires once the watched count has been 0 for forMs, and the reply names the pattern to count', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store, { name: 'worker-1' });
      const pattern = 'queue-worker --name=engine';
      const rule = await addRule(store, { name: 'Worker gone', condition: { kind: 'process_missing', pattern }, forMs: MIN }, [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      const count = (c: number) => (ts: number) => sampleAt(ts, 5, [{ pattern, count: c }]);

      expect((await feed.send((ts) => sampleAt(ts, 5))).reply.watch).toEqual([pattern]);
      expect((await feed.send(count(1))).reply.watch).toEqual([pattern]);
      const goneFrom = feed.ts + 5 * SEC;
      for (let i = 0; i < 6; i++) await feed.send(count(0));
      expect(await stateOf(store, rule.id, h.host.id)).toMatchObject({ status: 'pending', since: goneFrom });
      expect((await feed.send(count(0))).deliveriesQueued).toBe(true);
      await feed.send(count(2));
      // The host's latest sample keeps the counts (the host page and the alerts view read them there).
      expect((await store.getHostState(h.host.id))?.latest.processes.watched).toEqual([{ pattern, count: 2 }]);
      expect(await deliver(store, feed.now)).toMatchObject({ sent: 2 });
      expect(hook.hooks().map((x) => x.kind)).toEqual(['alert.firing', 'alert.resolved']);
      expect(hook.hooks()[0]!.notice.title).toContain(pattern);
    });
  });
}

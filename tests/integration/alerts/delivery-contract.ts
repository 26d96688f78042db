import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS } from '@/lib/alerting/deliver';
import { runAlertRound } from '@/lib/alerting/scheduler';
import type { Store } from '@/lib/store/types';
import { createTestHost } from '../../support/hosts';
import type { EngineBackend } from './backends';
import { addRule, addWebhook, BASE_URL, cpuRule, deliver, Feed, MIN, POLICY, SEC, uid } from './kit';
import { startWebhook } from './receivers';

/**
 * The delivery worker against receivers that fail: retried with backoff
 * until a 2xx (and then never again), given up after MAX_ATTEMPTS or on an
 * answer that will not change, a receiver that never answers costing only
 * its own delivery, and the scheduler's round idempotent for a given `now`.
 */

/** A receiver that accepts the connection and never answers; `closed` resolves when the sender gives up on it. */
async function startDeadReceiver(order: string[]) {
  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  const server = http.createServer((req) => {
    order.push('dead: request');
    req.socket.once('close', () => {
      order.push('dead: gave up');
      closedResolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, closed, close };
}

const dead: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(dead.splice(0).map((d) => d.close()));
});

/** A host with a CPU rule notifying the given channels, fired once; returns the store and the time it fired. */
async function fired(store: Store, channelIds: string[]) {
  const h = await createTestHost(store);
  await addRule(store, cpuRule(80), channelIds);
  const feed = new Feed(store, h);
  await feed.send(95);
  return feed.now;
}

export function deliveryContract(backend: EngineBackend) {
  describe(`delivery on ${backend.name}`, () => {
    it('a receiver answering 500 three times gets the message exactly once, on the fourth try after backoff', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      let answers = 0;
      hook.reply(() => (++answers <= 3 ? { status: 500, body: 'busy' } : { status: 200, body: 'ok' }));
      const channel = await addWebhook(store, hook.url);
      let now = await fired(store, [channel.id]);

      expect(await deliver(store, now)).toEqual({ sent: 0, retried: 1, failed: 0 });
      for (let attempt = 1; attempt <= 3; attempt++) {
        // Not before its backoff has passed, then once.
        expect(await deliver(store, now + backoffMs(attempt) - 1)).toEqual({ sent: 0, retried: 0, failed: 0 });
        now += backoffMs(attempt);
        expect(await deliver(store, now)).toEqual(attempt < 3 ? { sent: 0, retried: 1, failed: 0 } : { sent: 1, retried: 0, failed: 0 });
      }
      expect(await deliver(store, now + 60 * MIN)).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(hook.requests).toHaveLength(4);
      expect(hook.hooks()).toHaveLength(1);
      // Every try carries the same idempotency key and the same event, each with a valid signature of its own.
      expect(new Set(hook.all().map((x) => x.deliveryId)).size).toBe(1);
      expect(new Set(hook.all().map((x) => x.event.id)).size).toBe(1);
      expect(hook.all().every((x) => x.signature.ok)).toBe(true);
      const log = await store.alerts.listDeliveryLog(channel.id, 10);
      expect(log.map((a) => [a.ok, a.status])).toEqual([[true, 200], [false, 500], [false, 500], [false, 500]]);
      expect(await store.alerts.listQueuedDeliveries()).toEqual([]);
    });

    it(`gives up after ${MAX_ATTEMPTS} attempts, and at once on an answer that will not change (400)`, async () => {
      const store = backend.fresh().open();
      const down = await startWebhook();
      down.reply({ status: 503, body: 'down' });
      const refusing = await startWebhook();
      refusing.reply({ status: 400, body: 'bad request' });
      let now = await fired(store, [(await addWebhook(store, down.url)).id, (await addWebhook(store, refusing.url)).id]);
      const totals = { sent: 0, retried: 0, failed: 0 };
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const r = await deliver(store, now);
        for (const k of ['sent', 'retried', 'failed'] as const) totals[k] += r[k];
        now += backoffMs(attempt);
      }
      expect(totals).toEqual({ sent: 0, retried: MAX_ATTEMPTS - 1, failed: 2 });
      expect(down.requests).toHaveLength(MAX_ATTEMPTS);
      expect(refusing.requests).toHaveLength(1);
      expect(await store.alerts.listQueuedDeliveries()).toEqual([]);
    });

    it('a receiver that never answers does not hold up another channel in the same round', async () => {
      const store = backend.fresh().open();
      const order: string[] = [];
      const silent = await startDeadReceiver(order);
      dead.push(silent);
      const hook = await startWebhook();
      hook.reply(() => (order.push('good: request'), { status: 204 }));
      // Ids chosen so the dead receiver's delivery is claimed first (claims are ordered by due time, then id).
      const deadChannel = await addWebhook(store, silent.url, uid('c-a-dead-'));
      const goodChannel = await addWebhook(store, hook.url, uid('c-b-good-'));
      const now = await fired(store, [deadChannel.id, goodChannel.id]);

      expect(await deliver(store, now, { timeoutMs: 1_500 })).toEqual({ sent: 1, retried: 1, failed: 0 });
      await silent.closed;
      expect(order.indexOf('good: request')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('good: request')).toBeLessThan(order.indexOf('dead: gave up'));
      const [deadTry] = await store.alerts.listDeliveryLog(deadChannel.id, 1);
      expect(deadTry).toMatchObject({ ok: false, status: null });
      expect(deadTry!.detail).toMatch(/time|abort/i);
      expect((await store.alerts.listDeliveryLog(goodChannel.id, 1))[0]).toMatchObject({ ok: true, status: 204 });
    });

    it('runAlertRound twice with the same now sends nothing twice; another owner at that time is not the leader', async () => {
      const store = backend.fresh().open();
      const hook = await startWebhook();
      const h = await createTestHost(store);
      await addRule(store, { name: 'Host down', condition: { kind: 'host_down', afterMs: 2 * MIN } }, [(await addWebhook(store, hook.url)).id]);
      const feed = new Feed(store, h);
      await feed.send(10);
      const now = feed.now + 3 * MIN;
      const options = { tickMs: 15 * SEC, baseUrl: BASE_URL, policy: POLICY };
      const first = await runAlertRound(store, 'instance-a', now, options);
      expect(first).toMatchObject({ leader: true, tick: { transitions: 1, commits: 1 }, delivered: { sent: 1 } });
      const again = await runAlertRound(store, 'instance-a', now, options);
      expect(again).toMatchObject({ leader: true, tick: { transitions: 0, commits: 0 }, delivered: { sent: 0, retried: 0, failed: 0 } });
      const other = await runAlertRound(store, 'cron', now, options);
      expect(other).toMatchObject({ leader: false, tick: null, delivered: { sent: 0 } });
      // The lease outlives three ticks; after that another owner takes over, and still finds nothing new.
      const later = await runAlertRound(store, 'cron', now + 45 * SEC, options);
      expect(later).toMatchObject({ leader: true, tick: { transitions: 0 }, delivered: { sent: 0 } });
      expect(hook.hooks().map((x) => x.kind)).toEqual(['alert.firing']);
    });
  });
}

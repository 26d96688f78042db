import { describe, expect, it } from 'vitest';
import type { Delivery } from '@/lib/alerts/schemas';
import { MAX_LOG_PER_CHANNEL } from '@/lib/store/alert-port';
import type { AlertLimits } from '@/lib/store/alert-records';
import type { Store } from '@/lib/store/types';
import { attempt, commitOf, delivery, T, uid } from './alert-fixtures';

const LEASE = 30_000;
const ids = (list: Delivery[]) => list.map((d) => d.id).sort();

/**
 * The delivery queue (claims with leases, retries, idempotent ids), the
 * per-channel delivery log and named leases. Each case takes a store of its
 * own: a claim takes whatever is due, so no other test may share the queue.
 */
export function alertQueueContract(name: string, fresh: (limits?: Partial<AlertLimits>) => Promise<Store>): void {
  describe(`alert delivery queue and leases: ${name}`, () => {
    it('claims only due, unleased deliveries, leases them until now + leaseMs, and respects the lease until it ends', async () => {
      const { alerts } = await fresh();
      // Ids in due order: equal claim times are taken in id order.
      const early = delivery({ id: 'd-a', dueAt: T - 1_000 });
      const onTime = delivery({ id: 'd-b', dueAt: T });
      const later = delivery({ id: 'd-c', dueAt: T + 10_000 });
      await alerts.commit(commitOf({ deliveries: [later, onTime, early] }));
      expect(ids(await alerts.listQueuedDeliveries())).toEqual(ids([early, onTime, later]));

      const first = await alerts.claimDeliveries(T, LEASE, 10);
      expect(first).toEqual([{ ...early, leaseUntil: T + LEASE }, { ...onTime, leaseUntil: T + LEASE }]);
      expect(await alerts.claimDeliveries(T + 1, LEASE, 10)).toEqual([]);
      expect(await alerts.claimDeliveries(T + 10_000, LEASE, 10)).toEqual([{ ...later, leaseUntil: T + 10_000 + LEASE }]);
      expect(await alerts.claimDeliveries(T + LEASE - 1, LEASE, 10)).toEqual([]);
      // The first lease is over: another worker may take them (the first one died, say).
      const again = await alerts.claimDeliveries(T + LEASE, LEASE, 1);
      expect(again).toEqual([{ ...early, leaseUntil: T + 2 * LEASE }]);
      expect(ids(await alerts.claimDeliveries(T + LEASE, LEASE, 10))).toEqual([onTime.id]);
      expect((await alerts.listQueuedDeliveries()).find((d) => d.id === early.id)).toEqual({ ...early, leaseUntil: T + 2 * LEASE });
    });

    it('concurrent claims never hand out the same delivery', async () => {
      const { alerts } = await fresh();
      const all = Array.from({ length: 30 }, (_, i) => delivery({ dueAt: T - i }));
      await alerts.commit(commitOf({ deliveries: all }));
      const claims = await Promise.all(Array.from({ length: 6 }, () => alerts.claimDeliveries(T, LEASE, 7)));
      const got = claims.flat().map((d) => d.id);
      expect(new Set(got).size).toBe(got.length);
      expect(got.sort()).toEqual(ids(all));
    });

    it('skips a delivery whose id is known: queued, or already sent', async () => {
      const { alerts } = await fresh();
      const d = delivery({ dueAt: T });
      await alerts.commit(commitOf({ deliveries: [d] }));
      await alerts.commit(commitOf({ deliveries: [{ ...d, dueAt: T + 5_000, attempts: 3 }] }));
      expect(await alerts.listQueuedDeliveries()).toEqual([d]);
      const [claimed] = await alerts.claimDeliveries(T, LEASE, 10);
      await alerts.finishDelivery(claimed!.id, attempt(d, T + 1), { status: 'sent' });
      await alerts.commit(commitOf({ deliveries: [d] }));
      expect(await alerts.listQueuedDeliveries()).toEqual([]);
      expect(await alerts.claimDeliveries(T + 10 * LEASE, LEASE, 10)).toEqual([]);
    });

    it('a delivery queued again for a later dueAt is not claimable before it; sent and failed ones leave the queue', async () => {
      const { alerts } = await fresh();
      const retried = delivery({ channelId: 'c1' });
      const sent = delivery({ channelId: 'c1' });
      const failed = delivery({ channelId: 'c2' });
      await alerts.commit(commitOf({ deliveries: [retried, sent, failed] }));
      expect(await alerts.claimDeliveries(T, LEASE, 10)).toHaveLength(3);
      await alerts.finishDelivery(retried.id, attempt(retried, T + 100, { ok: false, status: 503, detail: 'busy' }), { status: 'queued', dueAt: T + 60_000 });
      await alerts.finishDelivery(sent.id, attempt(sent, T + 200), { status: 'sent' });
      await alerts.finishDelivery(failed.id, attempt(failed, T + 300, { ok: false, status: null, detail: 'ECONNREFUSED' }), { status: 'failed' });

      expect(await alerts.listQueuedDeliveries()).toEqual([{ ...retried, attempts: 1, dueAt: T + 60_000, leaseUntil: null }]);
      // Its old lease (T + LEASE) no longer matters: the new due time does.
      expect(await alerts.claimDeliveries(T + LEASE, LEASE, 10)).toEqual([]);
      expect(await alerts.claimDeliveries(T + 59_999, LEASE, 10)).toEqual([]);
      expect(await alerts.claimDeliveries(T + 60_000, LEASE, 10)).toEqual([{ ...retried, attempts: 1, dueAt: T + 60_000, leaseUntil: T + 60_000 + LEASE }]);
      expect(await alerts.claimDeliveries(T + 10 * LEASE, LEASE, 10)).toEqual([{ ...retried, attempts: 1, dueAt: T + 60_000, leaseUntil: T + 10 * LEASE + LEASE }]);

      expect((await alerts.listDeliveryLog('c1', 10)).map((a) => [a.deliveryId, a.ok, a.status])).toEqual([[sent.id, true, 200], [retried.id, false, 503]]);
      expect(await alerts.listDeliveryLog('c2', 10)).toEqual([attempt(failed, T + 300, { ok: false, status: null, detail: 'ECONNREFUSED' })]);
      // A second finish of a finished delivery is logged (it was an attempt) and changes nothing else.
      await alerts.finishDelivery(sent.id, attempt(sent, T + 400), { status: 'queued', dueAt: T });
      expect((await alerts.listQueuedDeliveries()).map((d) => d.id)).toEqual([retried.id]);
      expect(await alerts.listDeliveryLog('c1', 1)).toEqual([attempt(sent, T + 400)]);
    });

    it(`keeps the newest ${MAX_LOG_PER_CHANNEL} attempts of a channel, newest first; deleting the channel drops its log`, async () => {
      const { alerts } = await fresh();
      const d = delivery({ channelId: uid('c') });
      const other = delivery({ channelId: uid('c') });
      await alerts.commit(commitOf({ deliveries: [d, other] }));
      for (let i = 0; i < MAX_LOG_PER_CHANNEL + 5; i++) await alerts.finishDelivery(d.id, attempt(d, T + i, { detail: `try ${i}` }), { status: 'queued', dueAt: T + i });
      await alerts.finishDelivery(other.id, attempt(other, T), { status: 'sent' });
      const log = await alerts.listDeliveryLog(d.channelId, 1_000);
      expect(log).toHaveLength(MAX_LOG_PER_CHANNEL);
      expect(log[0]!.detail).toBe(`try ${MAX_LOG_PER_CHANNEL + 4}`);
      expect(log.at(-1)!.detail).toBe('try 5');
      expect((await alerts.listDeliveryLog(d.channelId, 3)).map((a) => a.at - T)).toEqual([MAX_LOG_PER_CHANNEL + 4, MAX_LOG_PER_CHANNEL + 3, MAX_LOG_PER_CHANNEL + 2]);
      expect((await alerts.listQueuedDeliveries())[0]).toMatchObject({ id: d.id, attempts: MAX_LOG_PER_CHANNEL + 5 });

      const ch = { id: d.channelId, name: 'ops', kind: 'webhook', config: {}, createdAt: T, updatedAt: T };
      await alerts.createChannel(ch);
      expect(await alerts.deleteChannel(ch.id)).toBe(true);
      expect(await alerts.listDeliveryLog(d.channelId, 10)).toEqual([]);
      expect(await alerts.listDeliveryLog(other.channelId, 10)).toHaveLength(1);
    });

    it('forgets the oldest finished delivery ids past the cap (bounded), and only those', async () => {
      const { alerts } = await fresh({ maxFinishedDeliveries: 2 });
      const ds = Array.from({ length: 3 }, (_, i) => delivery({ dueAt: T + i }));
      await alerts.commit(commitOf({ deliveries: ds }));
      await alerts.claimDeliveries(T + 10, LEASE, 10);
      for (const [i, d] of ds.entries()) await alerts.finishDelivery(d.id, attempt(d, T + 100 + i), { status: 'sent' });
      // The first is forgotten, so it may be queued again; the two newest are still known and skipped.
      await alerts.commit(commitOf({ deliveries: ds }));
      expect((await alerts.listQueuedDeliveries()).map((d) => d.id)).toEqual([ds[0]!.id]);
    });

    it('gives a named lease to one owner at a time: renewal by the holder, takeover only after it expires', async () => {
      const { alerts } = await fresh();
      expect(await alerts.acquireLease('tick', 'a', LEASE, T)).toBe(true);
      expect(await alerts.acquireLease('tick', 'b', LEASE, T + 1)).toBe(false);
      expect(await alerts.acquireLease('other', 'b', LEASE, T + 1)).toBe(true);
      expect(await alerts.acquireLease('tick', 'a', LEASE, T + LEASE - 1)).toBe(true); // renewed until T + 2·LEASE - 1
      expect(await alerts.acquireLease('tick', 'b', LEASE, T + LEASE + 1)).toBe(false);
      expect(await alerts.acquireLease('tick', 'b', LEASE, T + 2 * LEASE - 1)).toBe(true);
      expect(await alerts.acquireLease('tick', 'a', LEASE, T + 2 * LEASE)).toBe(false);
      const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => alerts.acquireLease('race', `o${i}`, LEASE, T)));
      expect(racers.filter(Boolean)).toHaveLength(1);
    });
  });
}

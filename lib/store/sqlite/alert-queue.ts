import 'server-only';
import type Database from 'better-sqlite3';
import type { Delivery, DeliveryAttempt } from '@/lib/alerts/schemas';
import { EVENT_RETENTION_MS } from '../alert-port';
import { readAll, readValue, type AlertLimits, type FinishNext } from '../alert-records';

type Row = Record<string, unknown>;

const toDelivery = (r: Row): Delivery | null =>
  readValue('delivery', {
    id: r.id, eventId: r.event_id, channelId: r.channel_id, status: r.status, attempts: r.attempts, dueAt: r.due_at, leaseUntil: r.lease_until, createdAt: r.created_at,
  });
const byDue = (a: Delivery, b: Delivery) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The delivery queue, the per-channel delivery log and named leases on
 * SQLite. A queued row's `ready_at` is when it may be claimed (its due time,
 * or its lease's end when that is later), so a claim is one indexed range
 * read and one UPDATE, in one statement: atomic even with a second process
 * on the file. Finished rows stay (their ids keep commits idempotent) until
 * the newest MAX_FINISHED_DELIVERIES or the event retention pushes them out.
 */
export class SqliteAlertQueue {
  private readonly q;
  private readonly finishTx;

  constructor(
    db: Database.Database,
    private readonly limits: AlertLimits,
  ) {
    this.q = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO alert_deliveries (id, event_id, channel_id, status, attempts, due_at, lease_until, ready_at, created_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      claim: db.prepare<[{ until: number; now: number; limit: number }], Row>(
        `UPDATE alert_deliveries SET lease_until = @until, ready_at = @until
         WHERE id IN (SELECT id FROM alert_deliveries WHERE status = 'queued' AND ready_at <= @now ORDER BY ready_at, id LIMIT @limit)
         RETURNING *`,
      ),
      requeue: db.prepare("UPDATE alert_deliveries SET attempts = attempts + 1, due_at = ?, lease_until = NULL, ready_at = ? WHERE id = ? AND status = 'queued'"),
      end: db.prepare("UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, lease_until = NULL, finished_at = ? WHERE id = ? AND status = 'queued'"),
      dropOldDone: db.prepare("DELETE FROM alert_deliveries WHERE status <> 'queued' AND finished_at < ?"),
      dropExcessDone: db.prepare(
        `DELETE FROM alert_deliveries WHERE id IN (
           SELECT id FROM alert_deliveries WHERE status <> 'queued' ORDER BY finished_at DESC, id DESC LIMIT -1 OFFSET ?)`,
      ),
      queued: db.prepare<[], Row>("SELECT * FROM alert_deliveries WHERE status = 'queued' ORDER BY due_at, id"),
      log: db.prepare('INSERT INTO alert_delivery_log (channel_id, data) VALUES (?, ?)'),
      trimLog: db.prepare(
        'DELETE FROM alert_delivery_log WHERE channel_id = ? AND seq <= (SELECT seq FROM alert_delivery_log WHERE channel_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)',
      ),
      readLog: db.prepare<[string, number], { data: string }>('SELECT data FROM alert_delivery_log WHERE channel_id = ? ORDER BY seq DESC LIMIT ?'),
      dropLog: db.prepare('DELETE FROM alert_delivery_log WHERE channel_id = ?'),
      // Taken when free, expired, or already the owner's (a renewal); `changes` says whether it was.
      lease: db.prepare(
        `INSERT INTO alert_leases (name, owner, until) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE alert_leases.owner = excluded.owner OR alert_leases.until <= ?`,
      ),
    };
    this.finishTx = db.transaction((id: string, attempt: DeliveryAttempt, next: FinishNext) => {
      this.q.log.run(attempt.channelId, JSON.stringify(attempt));
      this.q.trimLog.run(attempt.channelId, attempt.channelId, this.limits.maxLogPerChannel);
      if (next.status === 'queued') {
        this.q.requeue.run(next.dueAt, next.dueAt, id);
        return;
      }
      if (this.q.end.run(next.status, attempt.at, id).changes === 0) return;
      this.q.dropOldDone.run(attempt.at - EVENT_RETENTION_MS);
      this.q.dropExcessDone.run(this.limits.maxFinishedDeliveries);
    });
  }

  /** In the commit's transaction: a delivery whose id is known (queued or finished) is skipped. */
  add(d: Delivery): void {
    const ready = Math.max(d.dueAt, d.leaseUntil ?? d.dueAt);
    const finishedAt = d.status === 'queued' ? null : d.createdAt;
    this.q.insert.run(d.id, d.eventId, d.channelId, d.status, d.attempts, d.dueAt, d.leaseUntil, ready, d.createdAt, finishedAt);
  }

  claim(now: number, until: number, limit: number): Delivery[] {
    const rows = this.q.claim.all({ until, now, limit });
    return rows.map(toDelivery).filter((d): d is Delivery => d !== null).sort(byDue);
  }

  finish(id: string, attempt: DeliveryAttempt, next: FinishNext): void {
    this.finishTx.immediate(id, attempt, next);
  }

  listQueued(): Delivery[] {
    return this.q.queued.all().map(toDelivery).filter((d): d is Delivery => d !== null);
  }

  listLog(channelId: string, limit: number): DeliveryAttempt[] {
    return readAll('attempt', this.q.readLog.all(channelId, limit).map((r) => r.data));
  }

  dropLog(channelId: string): void {
    this.q.dropLog.run(channelId);
  }

  acquireLease(name: string, owner: string, until: number, now: number): boolean {
    return this.q.lease.run(name, owner, until, now).changes > 0;
  }
}

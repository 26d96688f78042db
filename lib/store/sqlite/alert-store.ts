import 'server-only';
import type Database from 'better-sqlite3';
import type { AlertEvent, AlertRule, AlertState, Channel, DeliveryAttempt, MaintenanceWindow, Silence } from '@/lib/alerts/schemas';
import { EVENT_RETENTION_MS, type AlertCommit, type AlertStore, type CommitResult, type EventFilter } from '../alert-port';
import {
  byCreation, byStateKey, checkClaim, checkCommit, checkCount, checked, checkFilter, checkFinish, checkLease, isId, MAX_CLAIM, readAll, readStored,
  type AlertLimits, type CheckedCommit, type CheckedFilter, type FinishNext,
} from '../alert-records';
import { guarded } from './db';
import { SqliteAlertQueue } from './alert-queue';

type Data = { data: string };

/** One table of JSON records keyed by id (rules, channels, windows, silences). */
class RecordTable<K extends 'rule' | 'channel' | 'window' | 'silence'> {
  private readonly q;
  constructor(
    db: Database.Database,
    table: string,
    private readonly kind: K,
  ) {
    this.q = {
      insert: db.prepare(`INSERT INTO ${table} (id, created_at, data) VALUES (?, ?, ?)`),
      get: db.prepare<[string], Data>(`SELECT data FROM ${table} WHERE id = ?`),
      all: db.prepare<[], Data>(`SELECT data FROM ${table}`),
      replace: db.prepare(`UPDATE ${table} SET created_at = ?, data = ? WHERE id = ?`),
      remove: db.prepare(`DELETE FROM ${table} WHERE id = ?`),
    };
  }
  create(value: unknown) {
    const r = checked(this.kind, value);
    this.q.insert.run(r.id, r.createdAt, JSON.stringify(r));
  }
  get(id: string) {
    const row = isId(id) ? this.q.get.get(id) : undefined;
    return row ? readStored(this.kind, row.data) : null;
  }
  list() {
    return readAll(this.kind, this.q.all.all().map((r) => r.data)).sort(byCreation);
  }
  update(value: unknown) {
    const r = checked(this.kind, value);
    return this.q.replace.run(r.createdAt, JSON.stringify(r), r.id).changes > 0 ? r : null;
  }
  remove(id: string) {
    return isId(id) && this.q.remove.run(id).changes > 0;
  }
}

/**
 * The alert store on SQLite. A commit is one IMMEDIATE transaction (the write
 * lock is taken before the versions are read, so a second process on the file
 * cannot slip a write in between): every expected version is checked first,
 * and on any conflict nothing at all is written. Events are trimmed in the
 * same transaction, by age at the commit's `now` and to the newest maxEvents.
 */
export class SqliteAlerts implements AlertStore {
  private readonly tables;
  private readonly queue;
  private readonly q;
  private readonly commitTx;
  private readonly eventQueries = new Map<string, Database.Statement<unknown[], Data>>();

  constructor(
    private readonly db: Database.Database,
    private readonly limits: AlertLimits,
  ) {
    this.tables = {
      rule: new RecordTable(db, 'alert_rules', 'rule'),
      channel: new RecordTable(db, 'alert_channels', 'channel'),
      window: new RecordTable(db, 'alert_windows', 'window'),
      silence: new RecordTable(db, 'alert_silences', 'silence'),
    };
    this.queue = new SqliteAlertQueue(db, limits);
    this.q = {
      state: db.prepare<[string, string, string], { version: number; data: string }>('SELECT version, data FROM alert_states WHERE rule_id = ? AND host_id = ? AND entity = ?'),
      putState: db.prepare(
        `INSERT INTO alert_states (rule_id, host_id, entity, version, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (rule_id, host_id, entity) DO UPDATE SET version = excluded.version, data = excluded.data`,
      ),
      dropState: db.prepare('DELETE FROM alert_states WHERE rule_id = ? AND host_id = ? AND entity = ?'),
      statesOfHost: db.prepare<[string], Data>('SELECT data FROM alert_states WHERE host_id = ?'),
      statesOfRule: db.prepare<[string], Data>('SELECT data FROM alert_states WHERE rule_id = ?'),
      statesOfBoth: db.prepare<[string, string], Data>('SELECT data FROM alert_states WHERE rule_id = ? AND host_id = ?'),
      allStates: db.prepare<[], Data>('SELECT data FROM alert_states'),
      dropStatesOfRule: db.prepare('DELETE FROM alert_states WHERE rule_id = ?'),
      dropStatesOfHost: db.prepare('DELETE FROM alert_states WHERE host_id = ?'),
      addEvent: db.prepare('INSERT OR IGNORE INTO alert_events (id, at, host_id, rule_id, severity, data) VALUES (?, ?, ?, ?, ?, ?)'),
      event: db.prepare<[string], Data>('SELECT data FROM alert_events WHERE id = ?'),
      dropOldEvents: db.prepare('DELETE FROM alert_events WHERE at < ?'),
      // The oldest past the cap: the same order as reads (at, then id), so both backends keep the same ones.
      dropExcessEvents: db.prepare('DELETE FROM alert_events WHERE id IN (SELECT id FROM alert_events ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?)'),
    };
    this.commitTx = db.transaction((c: CheckedCommit): CommitResult => {
      const conflicts = c.states.filter((s) => this.currentVersion(s) !== s.expectedVersion).map((s) => s.key);
      if (conflicts.length > 0) return { ok: false, conflicts };
      for (const s of c.states) {
        if (s.state) this.q.putState.run(s.ruleId, s.hostId, s.entity, s.state.version, JSON.stringify(s.state));
        else this.q.dropState.run(s.ruleId, s.hostId, s.entity);
      }
      for (const e of c.events) this.q.addEvent.run(e.id, e.at, e.hostId, e.ruleId, e.severity, JSON.stringify(e));
      for (const d of c.deliveries) this.queue.add(d);
      this.q.dropOldEvents.run(c.now - EVENT_RETENTION_MS);
      if (c.events.length > 0) this.q.dropExcessEvents.run(this.limits.maxEvents);
      return { ok: true };
    });
  }

  /** The stored version, or null when there is none; a state that cannot be read counts as none, so the engine's next write replaces it. */
  private currentVersion(s: CheckedCommit['states'][number]): number | null {
    const row = this.q.state.get(s.ruleId, s.hostId, s.entity);
    return row && readStored('state', row.data) ? row.version : null;
  }

  private run<T>(what: string, body: () => T): Promise<T> {
    return guarded(`alerts.${what}`, body);
  }

  createRule(rule: AlertRule) {
    return this.run('createRule', () => this.tables.rule.create(rule));
  }
  getRule(id: string) {
    return this.run('getRule', () => this.tables.rule.get(id));
  }
  listRules() {
    return this.run('listRules', () => this.tables.rule.list());
  }
  updateRule(rule: AlertRule) {
    return this.run('updateRule', () => this.tables.rule.update(rule));
  }
  deleteRule(id: string) {
    return this.run('deleteRule', () => this.tables.rule.remove(id));
  }

  createChannel(channel: Channel) {
    return this.run('createChannel', () => this.tables.channel.create(channel));
  }
  getChannel(id: string) {
    return this.run('getChannel', () => this.tables.channel.get(id));
  }
  listChannels() {
    return this.run('listChannels', () => this.tables.channel.list());
  }
  updateChannel(channel: Channel) {
    return this.run('updateChannel', () => this.tables.channel.update(channel));
  }
  /** The channel and its delivery log (nothing reads the log of a channel that is gone). */
  deleteChannel(id: string) {
    return this.run('deleteChannel', () =>
      this.db.transaction(() => {
        const existed = this.tables.channel.remove(id);
        this.queue.dropLog(id);
        return existed;
      })(),
    );
  }

  createWindow(window: MaintenanceWindow) {
    return this.run('createWindow', () => this.tables.window.create(window));
  }
  listWindows() {
    return this.run('listWindows', () => this.tables.window.list());
  }
  deleteWindow(id: string) {
    return this.run('deleteWindow', () => this.tables.window.remove(id));
  }

  createSilence(silence: Silence) {
    return this.run('createSilence', () => this.tables.silence.create(silence));
  }
  listSilences() {
    return this.run('listSilences', () => this.tables.silence.list());
  }
  deleteSilence(id: string) {
    return this.run('deleteSilence', () => this.tables.silence.remove(id));
  }

  getHostStates(hostId: string) {
    return this.run('getHostStates', () => (isId(hostId) ? this.states(this.q.statesOfHost.all(hostId)) : []));
  }
  listStates(filter: { hostId?: string; ruleId?: string } = {}) {
    return this.run('listStates', () => {
      const { hostId, ruleId } = filter;
      if ((hostId !== undefined && !isId(hostId)) || (ruleId !== undefined && !isId(ruleId))) return [];
      if (hostId !== undefined && ruleId !== undefined) return this.states(this.q.statesOfBoth.all(ruleId, hostId));
      if (hostId !== undefined) return this.states(this.q.statesOfHost.all(hostId));
      if (ruleId !== undefined) return this.states(this.q.statesOfRule.all(ruleId));
      return this.states(this.q.allStates.all());
    });
  }
  private states(rows: Data[]): AlertState[] {
    return readAll('state', rows.map((r) => r.data)).sort(byStateKey);
  }
  commit(change: AlertCommit) {
    return this.run('commit', () => this.commitTx.immediate(checkCommit(change)));
  }
  deleteStatesOfRule(ruleId: string) {
    return this.run('deleteStatesOfRule', () => void (isId(ruleId) && this.q.dropStatesOfRule.run(ruleId)));
  }
  deleteStatesOfHost(hostId: string) {
    return this.run('deleteStatesOfHost', () => void (isId(hostId) && this.q.dropStatesOfHost.run(hostId)));
  }

  getEvent(id: string) {
    return this.run('getEvent', () => {
      const row = isId(id) ? this.q.event.get(id) : undefined;
      return row ? readStored('event', row.data) : null;
    });
  }
  listEvents(filter: EventFilter) {
    return this.run('listEvents', (): AlertEvent[] => {
      const f = checkFilter(filter);
      if (!f) return [];
      const { sql, args } = eventQuery(f);
      let stmt = this.eventQueries.get(sql);
      if (!stmt) this.eventQueries.set(sql, (stmt = this.db.prepare<unknown[], Data>(sql)));
      return readAll('event', stmt.all(...args).map((r) => r.data));
    });
  }

  claimDeliveries(now: number, leaseMs: number, limit: number) {
    return this.run('claimDeliveries', () => {
      const c = checkClaim(now, leaseMs, limit);
      return this.queue.claim(c.now, c.until, c.limit);
    });
  }
  finishDelivery(id: string, attempt: DeliveryAttempt, next: FinishNext) {
    return this.run('finishDelivery', () => {
      const f = checkFinish(id, attempt, next);
      this.queue.finish(f.id, f.attempt, f.next);
    });
  }
  listQueuedDeliveries() {
    return this.run('listQueuedDeliveries', () => this.queue.listQueued());
  }
  listDeliveryLog(channelId: string, limit: number) {
    return this.run('listDeliveryLog', () => {
      const n = checkCount(limit, 'limit', MAX_CLAIM);
      return isId(channelId) ? this.queue.listLog(channelId, n) : [];
    });
  }

  acquireLease(name: string, owner: string, ttlMs: number, now: number) {
    return this.run('acquireLease', () => {
      const l = checkLease(name, owner, ttlMs, now);
      return this.queue.acquireLease(l.name, l.owner, l.until, l.now);
    });
  }
}

/** The SQL of one event read: only the filters given, newest first (at, then id), so each shape is one cached statement. */
function eventQuery(f: CheckedFilter): { sql: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (cond: string, v: string | number | undefined) => {
    if (v === undefined || v === Number.NEGATIVE_INFINITY || v === Number.POSITIVE_INFINITY) return;
    where.push(cond);
    args.push(v);
  };
  add('host_id = ?', f.hostId);
  add('rule_id = ?', f.ruleId);
  add('severity = ?', f.severity);
  add('at >= ?', f.from);
  add('at <= ?', f.to);
  args.push(f.limit);
  return { sql: `SELECT data FROM alert_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`, args };
}

import type {
  AlertEvent, AlertRule, AlertState, Channel, Delivery, DeliveryAttempt, MaintenanceWindow, Severity, Silence,
} from '@/lib/alerts/schemas';

/**
 * The fourth port: alerting's records and its small, hot state. Config
 * (rules, channels, maintenance windows, silences) changes rarely and is
 * cached by the engine; states change at transitions and are written with
 * optimistic concurrency, together with their events and deliveries in one
 * atomic commit — which is what makes every notification go out exactly once
 * per transition, also with two server instances on one store.
 *
 * Bounded: events keep the newest MAX_ALERT_EVENTS (and nothing older than
 * EVENT_RETENTION_MS), a channel's delivery log its newest MAX_LOG_PER_CHANNEL
 * attempts, and sent or failed deliveries leave the queue.
 */

export const MAX_ALERT_EVENTS = 10_000;
export const EVENT_RETENTION_MS = 90 * 86_400_000;
export const MAX_LOG_PER_CHANNEL = 50;

/** One atomic write of the engine: state changes, the events they caused, and the deliveries to make. */
export interface AlertCommit {
  /**
   * `expectedVersion` is the version the writer read (null: it read none).
   * `state: null` deletes the state. A written state's version must be
   * expectedVersion + 1 (or 0 when new); the store checks, the engine sets it.
   */
  states: { key: { ruleId: string; hostId: string; entity: string }; expectedVersion: number | null; state: AlertState | null }[];
  events: AlertEvent[];
  /** Deliveries whose id is already known are skipped (the id is the idempotency key). */
  deliveries: Delivery[];
  /** For trimming events by age. */
  now: number;
}

export type CommitResult = { ok: true } | { ok: false; conflicts: string[] };

export interface EventFilter {
  hostId?: string;
  ruleId?: string;
  severity?: Severity;
  from?: number;
  to?: number;
  /** Newest first, at most this many (≤ 1,000). */
  limit: number;
}

export interface AlertStore {
  createRule(rule: AlertRule): Promise<void>;
  getRule(id: string): Promise<AlertRule | null>;
  listRules(): Promise<AlertRule[]>;
  /** Replaces the rule; null when there is none. */
  updateRule(rule: AlertRule): Promise<AlertRule | null>;
  deleteRule(id: string): Promise<boolean>;

  createChannel(channel: Channel): Promise<void>;
  getChannel(id: string): Promise<Channel | null>;
  listChannels(): Promise<Channel[]>;
  updateChannel(channel: Channel): Promise<Channel | null>;
  deleteChannel(id: string): Promise<boolean>;

  createWindow(window: MaintenanceWindow): Promise<void>;
  listWindows(): Promise<MaintenanceWindow[]>;
  deleteWindow(id: string): Promise<boolean>;

  createSilence(silence: Silence): Promise<void>;
  listSilences(): Promise<Silence[]>;
  deleteSilence(id: string): Promise<boolean>;

  /** Every state of one host (one round trip: the engine reads it once per batch, when not cached). */
  getHostStates(hostId: string): Promise<AlertState[]>;
  /** States, optionally of one host or one rule. */
  listStates(filter?: { hostId?: string; ruleId?: string }): Promise<AlertState[]>;
  commit(change: AlertCommit): Promise<CommitResult>;
  /** Cascades, called by the domain when a rule or a host is deleted (or a rule's condition changes). */
  deleteStatesOfRule(ruleId: string): Promise<void>;
  deleteStatesOfHost(hostId: string): Promise<void>;

  getEvent(id: string): Promise<AlertEvent | null>;
  listEvents(filter: EventFilter): Promise<AlertEvent[]>;

  /** Up to `limit` queued deliveries due at `now` and not leased, leased to the caller until now + leaseMs, atomically. */
  claimDeliveries(now: number, leaseMs: number, limit: number): Promise<Delivery[]>;
  /** Records an attempt in the channel's log and either ends the delivery (sent / failed) or queues it again for `dueAt`. */
  finishDelivery(id: string, attempt: DeliveryAttempt, next: { status: 'sent' | 'failed' } | { status: 'queued'; dueAt: number }): Promise<void>;
  /** Queued deliveries (for the tests and the health view). */
  listQueuedDeliveries(): Promise<Delivery[]>;
  /** The channel's newest attempts, newest first. */
  listDeliveryLog(channelId: string, limit: number): Promise<DeliveryAttempt[]>;

  /** Takes or renews a named lease (the tick's leader); true when `owner` holds it until now + ttlMs. */
  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
}

import { z } from 'zod';
import { stripInvisible } from '@/lib/wire/text';

/**
 * The shapes of alerting: rules, notification channels, maintenance windows,
 * silences, per-(rule, host, entity) states, events and deliveries. Stored
 * records and API inputs are inferred from these schemas; the store keeps
 * them as JSON. Pure (no server imports): the rule editor in the browser
 * validates with the same schemas. Checks that need the series registry
 * (a known signal, a threshold inside its physical range) live in rules.ts.
 */

const id = z.string().min(1).max(64);
/** A rule's, channel's or window's name, shown in lists and notifications: bidi controls and invisible characters go (lib/wire/text.ts). */
const name = z.string().overwrite(stripInvisible).trim().min(1).max(120);
const MINUTE = 60_000;
const DAY = 86_400_000;
const duration = (max: number) => z.number().int('must be whole milliseconds').min(0, 'must not be negative').max(max, `must be at most ${max / MINUTE} minutes`);

export const severitySchema = z.enum(['warning', 'critical']);

/** Which hosts a rule, window or silence covers; hosts added later are covered by `all` and `tag`. */
export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('tag'), tag: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('host'), hostId: id }),
]);

/** A threshold on a signal (lib/alerts/signals.ts): a registry series or a derived one (memory used %, inodes %, ...). */
export const metricConditionSchema = z.object({
  kind: z.literal('metric'),
  /** Signal name, e.g. `cpu.total`, `mem.used_pct`, `fs` (a family signal), `temp`. */
  signal: z.string().min(1).max(64),
  /** For a family signal: one entity (`/var`, `eth0`); absent means every entity, each judged on its own. */
  entity: z.string().min(1).max(512).optional(),
  /**
   * For a family signal: only entities whose name matches this glob (`*` any run, `?` one character), each
   * judged on its own — containers by name (`web-*`), say. Not together with `entity`. Added after the first
   * release: absent means every entity, as before.
   */
  entityPattern: z.string().min(1).max(128).optional(),
  op: z.enum(['above', 'below']),
  threshold: z.number().finite(),
  /** Hysteresis: a firing alert resolves only once the value is back past this (default: the threshold). */
  clear: z.number().finite().optional(),
  /** How a window of values becomes the one value compared (avg of the window, or its max / min). */
  aggregate: z.enum(['avg', 'max', 'min']).default('avg'),
  /** Values averaged (or maxed) over this window, in whole minutes; 0 = each sample on its own. At most 60 minutes. */
  windowMs: duration(60 * MINUTE).default(0),
});

export const conditionSchema = z.discriminatedUnion('kind', [
  metricConditionSchema,
  /** No accepted batch for `afterMs`. */
  z.object({ kind: z.literal('host_down'), afterMs: duration(DAY).min(MINUTE, 'must be at least 1 minute') }),
  /** No process whose name equals, or whose command line contains, `pattern` (judged on every process of the host). */
  z.object({ kind: z.literal('process_missing'), pattern: z.string().min(1).max(128) }),
  /** The collector reported dropped samples (its spool was full). */
  z.object({ kind: z.literal('dropping') }),
  /** The host's clock is off by more than `maxMs`. */
  z.object({ kind: z.literal('clock_skew'), maxMs: duration(DAY).min(1_000, 'must be at least 1 second') }),
]);

export const ruleInputSchema = z.object({
  name,
  enabled: z.boolean().default(true),
  condition: conditionSchema,
  /** The condition must hold this long (judged on every value in between) before the alert fires. */
  forMs: duration(DAY).default(0),
  severity: severitySchema.default('warning'),
  scope: scopeSchema.default({ kind: 'all' }),
  channelIds: z.array(id).max(20).default([]),
  /** While firing (and not acknowledged), notify again every so often; null = once. */
  repeatMs: duration(7 * DAY).min(5 * MINUTE, 'must be at least 5 minutes').nullable().default(null),
});

export const ruleSchema = ruleInputSchema.extend({
  id,
  createdAt: z.number(),
  updatedAt: z.number(),
});

/**
 * A notification channel. `kind` names an entry of the channel registry
 * (lib/notify/channels), which validates `config` and says which of its
 * fields are secret (write-only through the API, masked when shown).
 */
export const channelSchema = z.object({
  id,
  name,
  kind: z.string().min(1).max(32),
  config: z.record(z.string(), z.union([z.string().max(4096), z.number(), z.boolean()])),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A maintenance window suppresses notifications (not state) for the hosts in scope. */
export const maintenanceWindowSchema = z.object({
  id,
  name,
  scope: scopeSchema,
  schedule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('once'), from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }),
    /** Every day from `startMinute` (UTC minutes after midnight) for `durationMs`. */
    z.object({ kind: z.literal('daily'), startMinute: z.number().int().min(0).max(1439), durationMs: duration(DAY).min(MINUTE) }),
  ]),
  createdAt: z.number(),
});

/** A silence mutes one rule (optionally one host / entity) until a time. */
export const silenceSchema = z.object({
  id,
  ruleId: id,
  hostId: id.optional(),
  entity: z.string().max(512).optional(),
  until: z.number().int().nonnegative(),
  comment: z.string().overwrite(stripInvisible).max(500).default(''),
  createdBy: z.string().max(64),
  createdAt: z.number(),
});

export const alertStatusSchema = z.enum(['ok', 'pending', 'firing']);

/** One minute of values of a windowed condition: enough to aggregate a window of ≤ 60 minutes. */
export const minuteBucketSchema = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]); // [minuteStart, sum, count, min, max]

/** Where one (rule, host, entity) stands. `entity` is '' for conditions without entities. */
export const alertStateSchema = z.object({
  ruleId: id,
  hostId: id,
  entity: z.string().max(512),
  status: alertStatusSchema,
  /** When the current status began (pending: when the condition first held). */
  since: z.number(),
  /** Time of the newest value judged. */
  evaluatedAt: z.number(),
  /** The value last compared (null for host down / process missing when there is none). */
  value: z.number().nullable(),
  /** Recent per-minute buckets for windowed conditions. */
  window: z.array(minuteBucketSchema).max(61).default([]),
  /**
   * Firing only: when the last notification for it went out (null while none
   * has: its firing was suppressed or late, and the tick sends it once nothing
   * holds it back), and whether someone acknowledged it (stops repeats).
   */
  notifiedAt: z.number().nullable().default(null),
  acknowledgedBy: z.string().max(64).nullable().default(null),
  /** Counts transitions: the idempotency key of a notification is (rule, host, entity, seq). */
  seq: z.number().int().nonnegative(),
  /** Optimistic concurrency: writers pass the version they read; a mismatch is a conflict (re-read, re-judge). */
  version: z.number().int().nonnegative(),
});

export const alertEventKindSchema = z.enum(['firing', 'resolved', 'repeat', 'acknowledged']);

/** The history: one entry per transition (and per repeat / acknowledgement). */
export const alertEventSchema = z.object({
  id,
  ruleId: id,
  ruleName: z.string(),
  hostId: id,
  hostName: z.string(),
  entity: z.string(),
  kind: alertEventKindSchema,
  severity: severitySchema,
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  at: z.number(),
  /** For resolved: when the alert started firing. */
  firingSince: z.number().nullable(),
  /**
   * Why nothing was sent, when suppressed; null when notified. 'late': the
   * server learnt of it long after it happened (a collector's backlog), so it
   * is history, not news (lib/alerting/late.ts).
   */
  suppressed: z.enum(['maintenance', 'silenced', 'late']).nullable(),
});

/** One notification to send: an event to one channel. `id` is the idempotency key (event id + channel id). */
export const deliverySchema = z.object({
  id: z.string().min(1).max(160),
  eventId: id,
  channelId: id,
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  /** When it may next be tried (backoff), or sent. */
  dueAt: z.number(),
  /** A worker holding it until then; another instance may take it after. */
  leaseUntil: z.number().nullable(),
  createdAt: z.number(),
});

/** One attempt, for the channel's delivery log. */
export const deliveryAttemptSchema = z.object({
  deliveryId: z.string(),
  channelId: id,
  eventId: id,
  at: z.number(),
  ok: z.boolean(),
  /** HTTP status or SMTP reply code, when there was an answer. */
  status: z.number().nullable(),
  /** What the receiver said, or why it could not be reached (cut to 300 characters, secrets never). */
  detail: z.string().max(300),
});

export type Severity = z.infer<typeof severitySchema>;
export type Scope = z.infer<typeof scopeSchema>;
export type MetricCondition = z.infer<typeof metricConditionSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type RuleInput = z.input<typeof ruleInputSchema>;
export type AlertRule = z.infer<typeof ruleSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;
export type Silence = z.infer<typeof silenceSchema>;
export type AlertStatus = z.infer<typeof alertStatusSchema>;
export type MinuteBucket = z.infer<typeof minuteBucketSchema>;
export type AlertState = z.infer<typeof alertStateSchema>;
export type AlertEventKind = z.infer<typeof alertEventKindSchema>;
export type AlertEvent = z.infer<typeof alertEventSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

/** The key of a state: one per (rule, host, entity). */
export const stateKey = (s: Pick<AlertState, 'ruleId' | 'hostId' | 'entity'>) => `${s.ruleId}\u0000${s.hostId}\u0000${s.entity}`;

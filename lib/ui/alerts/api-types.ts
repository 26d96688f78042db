import type {
  AlertEvent, AlertRule, AlertStatus, Channel, DeliveryAttempt, MaintenanceWindow, Severity, Silence,
} from '@/lib/alerts/schemas';
import type { Unit } from '@/lib/metrics/registry';

/**
 * The alerting API's answers as the dashboard reads them (docs/API.md
 * "Alerts and notifications"). Records are the zod shapes of
 * lib/alerts/schemas.ts; the views below are what the routes add around them.
 */

/** One pending or firing alert of `GET /api/v1/alerts`. */
export interface AlertView {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  hostId: string;
  hostName: string;
  entity: string;
  status: Exclude<AlertStatus, 'ok'>;
  since: number;
  value: number | null;
  threshold: number | null;
  /** The signal's unit; `ms` for host down and clock skew; null when the value is a count. */
  unit: Unit | 'ms' | null;
  acknowledgedBy: string | null;
  acknowledgedByName?: string | null;
  silencedUntil: number | null;
  /** An active maintenance window covers its host. */
  maintenance?: boolean;
}

export interface AlertsAnswer {
  alerts: AlertView[];
}

export interface EventsAnswer {
  events: AlertEvent[];
}

export interface RulesAnswer {
  rules: AlertRule[];
}

/** One entry of `GET /api/v1/alerts/signals`: what a metric condition can watch. */
export interface SignalInfo {
  name: string;
  label: string;
  unit: Unit;
  group?: string;
  /** Set for per-entity signals (filesystems, disks, interfaces, sensors). */
  family?: string;
  entityKind?: string;
  suffix?: string;
  min: number;
  max: number;
  /** Why a preview cannot judge it on stored history. */
  previewUnavailable?: string;
}

export interface SignalsAnswer {
  signals: SignalInfo[];
}

export interface ChannelsAnswer {
  channels: Channel[];
}

/** A field of a channel kind's form (`GET /api/v1/alerts/channel-kinds`). */
export interface ChannelField {
  name: string;
  label: string;
  secret: boolean;
  required: boolean;
  type: 'string' | 'number' | 'boolean' | 'enum';
  /** Choices of an `enum` field. */
  options?: string[];
  default?: string | number | boolean;
}

export interface ChannelKind {
  kind: string;
  label: string;
  /** Shoutrrr URL schemes read into this kind. */
  schemes?: string[];
  fields: ChannelField[];
}

export interface ChannelKindsAnswer {
  kinds: ChannelKind[];
}

/** The receiver's answer to a test message. */
export interface TestAnswer {
  ok: boolean;
  status: number | null;
  detail: string;
}

export interface DeliveryLogAnswer {
  attempts: Omit<DeliveryAttempt, 'channelId'>[];
}

export interface WindowsAnswer {
  windows: MaintenanceWindow[];
}

export interface SilencesAnswer {
  silences: Silence[];
}

/** `POST /api/v1/alerts/rules/preview`: how often the rule would have fired on stored history. */
export interface PreviewPeriod {
  from: number;
  /** null: still firing at the end of the range. */
  to: number | null;
  entity: string;
  peak: number;
}

export interface PreviewHost {
  hostId: string;
  hostName: string;
  fired: number;
  firingMs: number;
  periods: PreviewPeriod[];
  truncated?: true;
  unavailable?: string;
}

export interface PreviewAnswer {
  range?: '24h' | '7d';
  from?: number;
  to?: number;
  hosts: PreviewHost[];
  fired: number;
  firingMs: number;
  hostsInScope?: number;
  hostsCut?: true;
  unavailable?: string;
}

/** The host page's alert periods: `GET /api/v1/hosts/{id}/alert-periods` (lib/alerting/host-alerts.ts). */
export type { AlertPeriod, HostAlertPeriods } from '@/lib/alerting/host-alerts';

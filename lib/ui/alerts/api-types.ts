import type { AlertEvent, AlertRule, MaintenanceWindow, Silence } from '@/lib/alerts/schemas';
import type { AlertView } from '@/lib/alerting/alert-views';
import type { ChannelView, LogEntry } from '@/lib/alerting/manage-channels';
import type { ChannelField, ChannelKindView } from '@/lib/alerting/channel-kinds';
import type { HostPreview, PreviewResult } from '@/lib/alerting/preview';
import type { SignalView } from '@/lib/alerting/signals-list';
import type { TestResult } from '@/lib/alerting/test-channel';

/**
 * The alerting API's answers as the dashboard reads them (docs/API.md
 * "Alerts and notifications"): the types of the lib/alerting functions the
 * routes answer with, so a change there is a compile error here. Types only:
 * nothing of the server reaches the browser.
 */

export type { AlertView, ChannelField, HostPreview };
export type SignalInfo = SignalView;
export type ChannelKind = ChannelKindView;
export type TestAnswer = TestResult;
export type PreviewAnswer = PreviewResult;
export type PreviewPeriod = HostPreview['periods'][number];

export interface AlertsAnswer {
  alerts: AlertView[];
}

export interface EventsAnswer {
  events: AlertEvent[];
}

export interface RulesAnswer {
  rules: AlertRule[];
}

export interface ChannelsAnswer {
  channels: ChannelView[];
}

export interface ChannelKindsAnswer {
  kinds: ChannelKind[];
}

export interface DeliveryLogAnswer {
  attempts: LogEntry[];
}

export interface WindowsAnswer {
  windows: MaintenanceWindow[];
}

export interface SilencesAnswer {
  silences: Silence[];
}

/** The host page's alert periods: `GET /api/v1/hosts/{id}/alert-periods` (lib/alerting/host-alerts.ts). */
export type { AlertPeriod, HostAlertPeriods } from '@/lib/alerting/host-alerts';

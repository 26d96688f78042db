import 'server-only';
import type { AlertRule } from '@/lib/alerts/schemas';
import type { IngestBatch } from '@/lib/store/types';

/**
 * Late news: a collector that could not reach the server for a while sends
 * its spool afterwards, and the engine judges those samples as they come, so
 * an alert can fire and resolve inside a backlog hours after it happened.
 * Such a transition is recorded (the history stays true) but not sent: a
 * page at 11:00 about CPU that was high from 08:10 to 08:20 is noise.
 *
 * A transition is late when it happened more than LATE_MS before the
 * collector's present. That present is read on the host's own clock — the
 * batch's newest sample plus what is still spooled behind it — so a host
 * whose clock is off is not late for that reason (clock_skew rules are for
 * that), and a backlog is late however fast it is sent.
 *
 * What follows from it (lib/alerting/outcome.ts): a firing that was not sent
 * leaves the state un-notified, and the tick sends it once as a reminder if
 * it is still firing (news of now); a resolve is sent when its firing was,
 * even from a backlog (whoever got the firing needs the end), and is late
 * only when its firing went out to nobody.
 */
export const LATE_MS = 15 * 60_000;

/** The collector's present on its own clock: the newest sample, plus the interval of every sample still spooled after this batch. */
export function collectorPresent(batch: Pick<IngestBatch, 'samples' | 'counters'>): number {
  let newest = batch.samples[0];
  for (const s of batch.samples) if (newest === undefined || s.ts > newest.ts) newest = s;
  if (!newest) return Number.NEGATIVE_INFINITY;
  return newest.ts + batch.counters.spooled * newest.intervalMs;
}

/**
 * Whether an event of this rule at `at` is late. Only conditions judged on
 * sample time can be: dropping and clock skew are judged at receipt (their
 * events carry the server's time), host down on the server's clock.
 */
export function isLate(rule: Pick<AlertRule, 'condition'>, at: number, present: number): boolean {
  const kind = rule.condition.kind;
  return (kind === 'metric' || kind === 'process_missing') && present - at > LATE_MS;
}

import { formatDuration } from '@/lib/format/time';
import { formatValue } from './format-value';
import type { AlertEvent, AlertRule } from './schemas';
import { isFamilySignal, signalByName } from './signals';

/**
 * What an event says about its condition, in words: the subject and value
 * ("Filesystem / used 93.1 %"), the condition ("above 90 %"), and one
 * sentence per kind. messages.ts assembles titles and lines from these.
 */

export interface Phrases {
  /** Title body for firing, reminder and acknowledgement: "Filesystem / used 93.1 % (above 90 %)". */
  problem: string;
  /** Title body for resolved, given how long it fired: "Filesystem / used 85 % (was above 90 %) after 12 min". */
  recovery: (lasted: string) => string;
  /** A full sentence about the value: "Filesystem / used is 93.1 %, above 90 % (average over 5 min)." */
  detail: string;
  value: string;
  threshold: string | null;
}

const MAX_ENTITY = 80;
const cut = (s: string) => (s.length > MAX_ENTITY ? `${s.slice(0, MAX_ENTITY - 1)}…` : s);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const AGGREGATE = { avg: 'average', max: 'highest', min: 'lowest' } as const;

function metricPhrases(event: AlertEvent, rule: AlertRule): Phrases {
  const c = rule.condition;
  if (c.kind !== 'metric') throw new Error('not a metric rule');
  const signal = signalByName(c.signal);
  const fmt = (v: number | null) => (signal ? formatValue(signal, v) : v === null ? '—' : String(v));
  const subject = !signal ? c.signal : isFamilySignal(signal) ? `${capitalize(signal.entityKind)} ${cut(event.entity)} ${signal.metricLabel}` : signal.label;
  const value = fmt(event.value);
  const threshold = fmt(c.threshold);
  const over = c.windowMs > 0 ? ` (${AGGREGATE[c.aggregate]} over ${formatDuration(c.windowMs)})` : '';
  const clear = c.clear !== undefined && c.clear !== c.threshold ? `; it resolves at ${fmt(c.clear)}` : '';
  const verb = event.kind === 'resolved' ? 'is back to' : 'is';
  return {
    problem: `${subject} ${value} (${c.op} ${threshold})`,
    recovery: (lasted) => `${subject} ${value} (was ${c.op} ${threshold}) after ${lasted}`,
    detail: `${subject} ${verb} ${value}${over}; the rule fires ${c.op} ${threshold}${clear}.`,
    value,
    threshold,
  };
}

/** Clock skew as the server sees it: positive = the host's samples are stamped earlier than they arrive (its clock is behind). */
function skewText(skewMs: number | null): string {
  if (skewMs === null) return 'unknown';
  return `${formatDuration(Math.abs(skewMs))} ${skewMs >= 0 ? 'behind' : 'ahead'}`;
}

/** Renders a time for the reader ("03:12 UTC"). */
export type TimeText = (ts: number) => string;

export function phrases(event: AlertEvent, rule: AlertRule, time: TimeText): Phrases {
  const c = rule.condition;
  const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
  switch (c.kind) {
    case 'metric':
      return metricPhrases(event, rule);
    case 'host_down': {
      const silent = duration(event.value);
      const seen = event.value === null ? '' : ` (last seen ${time(event.at - event.value)})`;
      return {
        problem: `no report for ${silent}`,
        recovery: () => `reporting again after ${silent} without a report`,
        detail:
          event.kind === 'resolved'
            ? `The host reports again after ${silent} without a report${seen}.`
            : `No report for ${silent}${seen}; the rule fires after ${duration(c.afterMs)}.`,
        value: silent,
        threshold: duration(c.afterMs),
      };
    }
    case 'process_missing': {
      const pattern = JSON.stringify(c.pattern);
      const count = event.value === null ? 'an unknown number of' : String(event.value);
      // Missing since the for-duration began: forMs before it fired.
      const held = event.at - (event.firingSince ?? event.at) + rule.forMs;
      const heldText = held > 0 ? ` for ${formatDuration(held)}` : '';
      return {
        problem: `no process matches ${pattern}`,
        recovery: (lasted) => `${pattern} is running again after ${lasted}`,
        detail:
          event.kind === 'resolved'
            ? `${count} process${event.value === 1 ? '' : 'es'} match${event.value === 1 ? 'es' : ''} ${pattern} again.`
            : `No process matches ${pattern}${heldText} (name equal to it, or command line containing it).`,
        value: event.value === null ? '—' : String(event.value),
        threshold: null,
      };
    }
    case 'dropping': {
      const n = event.value ?? 0;
      return {
        problem: `collector dropped ${n} sample${n === 1 ? '' : 's'}`,
        recovery: (lasted) => `collector stopped dropping samples after ${lasted}`,
        detail:
          event.kind === 'resolved'
            ? 'The last batch reported no dropped samples.'
            : `The collector's spool was full and it dropped ${n} of its oldest sample${n === 1 ? '' : 's'}: the server has been unreachable or refusing batches.`,
        value: String(n),
        threshold: null,
      };
    }
    case 'clock_skew': {
      const off = skewText(event.value);
      const max = duration(c.maxMs);
      return {
        problem: `clock ${off} (more than ${max} off)`,
        recovery: (lasted) => `clock back in step (${off}) after ${lasted}`,
        detail: event.kind === 'resolved' ? `The host's clock is within ${max} again (${off}).` : `The host's clock is ${off} of the server's; the rule fires past ${max}.`,
        value: off,
        threshold: max,
      };
    }
  }
}

import 'server-only';
import { listAlerts, listEvents } from '@/lib/alerting/alert-views';
import { channelKinds } from '@/lib/alerting/channel-kinds';
import { listChannels } from '@/lib/alerting/manage-channels';
import { getRule, listRules } from '@/lib/alerting/manage-rules';
import { listSilences } from '@/lib/alerting/manage-silences';
import { listWindows } from '@/lib/alerting/manage-windows';
import { listSignals } from '@/lib/alerting/signals-list';
import { NotFound } from '@/lib/errors';
import { getStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import { eventsRequest, type HistoryQuery } from '@/lib/ui/alerts/history-query';
import { readOrOutage } from './guard';

/**
 * What the alerting pages render first, read through the same lib/alerting
 * functions the alerts API answers with (so the first render is the
 * browser's SWR fallback for the same request). `null` where the store did
 * not answer: the page shows the outage banner and keeps retrying.
 */

async function hostChoices(store: Store) {
  const hosts = await store.listHosts();
  return hosts.map((h) => ({ id: h.id, name: h.name, tags: h.tags })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The Alerts page: firing and pending now, the history for the filter in the URL, the rules and hosts the filters offer. */
export async function loadAlertsPage(query: HistoryQuery) {
  const store = getStore();
  const now = Date.now();
  const request = eventsRequest(query, now);
  const data = await readOrOutage(async () => {
    const [alerts, events, rules, hosts] = await Promise.all([listAlerts(store, now), listEvents(store, request.filter), listRules(store), hostChoices(store)]);
    return { alerts, events, rules: rules.rules, hosts };
  });
  return { now, eventsKey: request.url, data };
}

/** The rules list: rules, and the channel and host names it shows. */
export function loadRulesPage() {
  const store = getStore();
  return readOrOutage(async () => {
    const [rules, channels, hosts] = await Promise.all([listRules(store), listChannels(store), hostChoices(store)]);
    return { rules: rules.rules, channels: channels.channels.map(({ id, name, kind }) => ({ id, name, kind })), hosts };
  });
}

/**
 * The rule editor: the signals it offers, the channels and hosts it can
 * name, and the rule when editing one (`missing` for an unknown id).
 */
export async function loadRuleEditor(ruleId: string | null) {
  const store = getStore();
  try {
    const data = await readOrOutage(async () => {
      const [rule, channels, hosts] = await Promise.all([ruleId ? getRule(store, ruleId) : null, listChannels(store), hostChoices(store)]);
      return { rule, signals: listSignals().signals, channels: channels.channels.map(({ id, name, kind }) => ({ id, name, kind })), hosts };
    });
    return { kind: 'found' as const, now: Date.now(), data };
  } catch (err) {
    if (err instanceof NotFound) return { kind: 'missing' as const };
    throw err;
  }
}

/** The channels page: channels (secrets masked) and the kinds a form can be built from. */
export function loadChannelsPage() {
  const store = getStore();
  return readOrOutage(async () => ({ channels: (await listChannels(store)).channels, kinds: channelKinds().kinds }));
}

/** The maintenance page: windows, silences, and the rule and host names they show. */
export async function loadWindowsPage() {
  const store = getStore();
  const now = Date.now();
  const data = await readOrOutage(async () => {
    const [windows, silences, rules, hosts] = await Promise.all([listWindows(store), listSilences(store, now), listRules(store), hostChoices(store)]);
    return { windows: windows.windows, silences: silences.silences, rules: rules.rules.map(({ id, name }) => ({ id, name })), hosts };
  });
  return { now, data };
}

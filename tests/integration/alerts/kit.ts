import { acknowledgeAlert } from '@/lib/alerting/acknowledge';
import type { CreateSilenceBody, CreateWindowBody } from '@/lib/alerting/api-schemas';
import { alertConfigChanged } from '@/lib/alerting/config-changed';
import { deliverDue, type DeliverOptions } from '@/lib/alerting/deliver';
import { createRule, replaceRule } from '@/lib/alerting/manage-rules';
import { createSilence } from '@/lib/alerting/manage-silences';
import { createWindow } from '@/lib/alerting/manage-windows';
import type { AlertEvent, AlertRule, AlertState, Channel, RuleInput } from '@/lib/alerts/schemas';
import { ingestRequest } from '@/lib/ingest/ingest-request';
import { policyFromSetting } from '@/lib/notify';
import type { Store } from '@/lib/store/types';
import type { Counters, Sample } from '@/lib/wire/contract';
import type { TestHost } from '../../support/hosts';
import { makeSample } from '../../support/samples';

/**
 * The engine driven the way the server drives it, with an injected clock:
 * batches go through the real ingest request (token, validation, store,
 * alerting — the same call the route makes), the tick and the delivery
 * worker are called with explicit `now`. Nothing here sleeps.
 */

/** 10:00 UTC on a Monday: every test's clock starts here (each on its own store namespace). */
export const T = Date.UTC(2026, 1, 2, 10, 0, 0);
export const SEC = 1_000;
export const MIN = 60_000;
export const BASE_URL = 'https://hostwatch.example.test';
export const SECRET = 'whsec_engine_test_0123456789';
/** The test receivers listen on loopback: allowed here as HOSTWATCH_ALERTS_ALLOW_PRIVATE=127.0.0.0/8 would. */
export const POLICY = policyFromSetting(['127.0.0.0/8']);

let n = 0;
export const uid = (p: string) => `${p}${++n}${Math.random().toString(36).slice(2, 7)}`;

/** A sample at `ts` with CPU at `cpu` % and, when given, the counts of watched process patterns. */
export function sampleAt(ts: number, cpu: number, watched?: { pattern: string; count: number }[]): Sample {
  const s = makeSample(ts);
  return { ...s, cpu: { ...s.cpu, total: cpu }, processes: watched ? { ...s.processes, watched } : s.processes };
}

/** One collector POST through the real ingest path, received at `receivedAt`. */
export async function post(store: Store, h: TestHost, samples: Sample[], receivedAt: number, counters: Counters = { spooled: 0, dropped: 0 }) {
  const request = new Request('http://hostwatch.test/api/v1/ingest', {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, samples, counters }),
  });
  return ingestRequest(request, store, { ingestPerMinute: 1_000_000, now: () => receivedAt });
}

/**
 * A host's collector on a simulated clock: each `send` posts `count` samples
 * 5 s apart after the previous one, received a second after the newest.
 */
export class Feed {
  /** The newest sample's timestamp so far. */
  ts: number;
  constructor(
    private store: Store,
    readonly host: TestHost,
    start = T,
  ) {
    this.ts = start - 5 * SEC;
  }
  get now() {
    return this.ts + SEC;
  }
  /** Switch to another server instance (the next batch goes there). */
  to(store: Store): this {
    this.store = store;
    return this;
  }
  async send(cpu: number | ((ts: number) => Sample), count = 2, counters?: Counters) {
    const make = typeof cpu === 'number' ? (ts: number) => sampleAt(ts, cpu) : cpu;
    const samples = Array.from({ length: count }, (_, i) => make(this.ts + (i + 1) * 5 * SEC));
    this.ts += count * 5 * SEC;
    return post(this.store, this.host, samples, this.now, counters);
  }
  /** Samples stop: the clock moves on without a batch. */
  pause(ms: number) {
    this.ts += ms;
  }
}

/** Rules, windows and silences through the alerts API's use cases (checked as the API checks them), at the test clock. */
export const addRule = (store: Store, input: RuleInput, channelIds: string[] = []): Promise<AlertRule> => createRule(store, { ...input, channelIds }, T);
export const editRule = (store: Store, rule: AlertRule, input: RuleInput, now: number): Promise<AlertRule> => replaceRule(store, rule.id, { ...input, channelIds: rule.channelIds }, now);
export const addWindow = (store: Store, body: CreateWindowBody) => createWindow(store, body, T);
export const addSilence = (store: Store, body: CreateSilenceBody) => createSilence(store, body, { userId: 'u-oncall' }, T);

export const cpuRule = (threshold: number, extra: Partial<RuleInput> & { clear?: number } = {}): RuleInput => {
  const { clear, ...rest } = extra;
  return { name: 'CPU high', condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold, ...(clear !== undefined ? { clear } : {}) }, ...rest };
};

export async function addChannel(store: Store, kind: string, config: Channel['config'], id = uid('c')): Promise<Channel> {
  const channel: Channel = { id, name: `${kind} ${id}`, kind, config, createdAt: T, updatedAt: T };
  await store.alerts.createChannel(channel);
  alertConfigChanged(store);
  return channel;
}

export const addWebhook = (store: Store, url: string, id?: string) => addChannel(store, 'webhook', { url, secret: SECRET }, id);

/** What the settings API does after a write to rules, channels, windows or silences. */
export const configChanged = alertConfigChanged;

/** The delivery worker as the scheduler runs it, allowed to reach the loopback receivers. */
export const deliver = (store: Store, now: number, extra: Partial<DeliverOptions> = {}) => deliverDue(store, now, { baseUrl: BASE_URL, policy: POLICY, ...extra });

/** The host's events, oldest first. */
export async function eventsOf(store: Store, hostId: string): Promise<AlertEvent[]> {
  return (await store.alerts.listEvents({ hostId, limit: 1_000 })).reverse();
}

export const kinds = (events: readonly AlertEvent[]) => events.map((e) => e.kind);

export async function stateOf(store: Store, ruleId: string, hostId: string, entity = ''): Promise<AlertState | undefined> {
  return (await store.alerts.listStates({ hostId, ruleId })).find((s) => s.entity === entity);
}

/** Someone acknowledges a firing alert, through the alerts API's use case. */
export async function ack(store: Store, rule: AlertRule, h: TestHost, now: number): Promise<void> {
  await acknowledgeAlert(store, { ruleId: rule.id, hostId: h.host.id, entity: '' }, { userId: 'u-oncall' }, now);
}

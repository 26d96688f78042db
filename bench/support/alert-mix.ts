import { checkRule, type ParsedRule } from '@/lib/alerts/rules';
import type { AlertRule, Channel, RuleInput } from '@/lib/alerts/schemas';
import { generateToken, hashToken, newId } from '@/lib/auth/tokens';
import type { HostRecord, Store } from '@/lib/store/types';
import type { Sample } from '@/lib/wire/contract';
import { makeSample } from '../../tests/support/samples';

/**
 * What the alerting benchmarks load a store with: a fleet whose hosts all
 * carry `prod`, half `web` and half `db`, every 20th `canary`; and 20 rules
 * mixing fleet- and tag-scoped, scalar and family signals, with and without
 * windows and "for" durations, a host-down and a process-missing rule — 18 of
 * them judge each host. With the bench's sample (bench/support/ingest-body's
 * values) one rule fires, on the canaries (`/var` is 75 % full): a fleet has a
 * few alerts firing, and a firing state is written on each batch.
 */

export const WATCHED_PATTERN = 'nginx';

export function hostTags(i: number): string[] {
  const tags = ['prod', i % 2 === 0 ? 'web' : 'db'];
  if (i % 20 === 0) tags.push('canary');
  return tags;
}

const MIN = 60_000;
const metric = (signal: string, op: 'above' | 'below', threshold: number, o: { windowMs?: number; aggregate?: 'avg' | 'max' | 'min'; entity?: string } = {}) =>
  ({ kind: 'metric', signal, op, threshold, ...o }) as const;

/** The 20 rules (without ids); `channelIds` is filled in by createRules. */
export const RULE_MIX: RuleInput[] = [
  { name: 'CPU busy', condition: metric('cpu.total', 'above', 90), forMs: 5 * MIN },
  { name: 'CPU busy, 5 min average', condition: metric('cpu.total', 'above', 80, { windowMs: 5 * MIN }) },
  { name: 'Memory full', condition: metric('mem.used_pct', 'above', 90), forMs: 2 * MIN, severity: 'critical' },
  { name: 'Load per core, 15 min max', condition: metric('load.1_per_core', 'above', 2, { windowMs: 15 * MIN, aggregate: 'max' }), forMs: 5 * MIN },
  { name: 'Filesystem full', condition: metric('fs', 'above', 90), forMs: 10 * MIN, severity: 'critical' },
  { name: 'Inodes', condition: metric('fs.inodes_pct', 'above', 90) },
  { name: 'Inbound traffic, 5 min', condition: metric('net.rx.each', 'above', 1e8, { windowMs: 5 * MIN }) },
  { name: 'Hot sensor', condition: metric('temp', 'above', 85), forMs: MIN },
  { name: 'Host down', condition: { kind: 'host_down', afterMs: 2 * MIN }, repeatMs: 30 * MIN, severity: 'critical' },
  { name: 'nginx missing', condition: { kind: 'process_missing', pattern: WATCHED_PATTERN }, forMs: MIN },
  { name: 'Clock skew', condition: { kind: 'clock_skew', maxMs: 60_000 } },
  { name: 'Dropping samples', condition: { kind: 'dropping' } },
  { name: 'Swap use', condition: metric('swap.used_pct', 'above', 50), forMs: 5 * MIN, scope: { kind: 'tag', tag: 'prod' } },
  { name: 'Disk writes, 10 min', condition: metric('disk.write.each', 'above', 1e8, { windowMs: 10 * MIN }), scope: { kind: 'tag', tag: 'prod' } },
  { name: 'Network errors', condition: metric('net.errors', 'above', 10), forMs: 2 * MIN, scope: { kind: 'tag', tag: 'prod' } },
  { name: '/var on canaries', condition: metric('fs', 'above', 70, { entity: '/var' }), repeatMs: 60 * MIN, scope: { kind: 'tag', tag: 'canary' } },
  { name: 'I/O wait', condition: metric('cpu.iowait', 'above', 30), forMs: 5 * MIN, scope: { kind: 'tag', tag: 'web' } },
  { name: 'Outbound traffic, 5 min', condition: metric('net.tx', 'above', 1e9, { windowMs: 5 * MIN }), scope: { kind: 'tag', tag: 'web' } },
  { name: 'Memory available low', condition: metric('mem.available', 'below', 1e8), forMs: 5 * MIN, scope: { kind: 'tag', tag: 'db' } },
  { name: 'Disk reads, 5 min max', condition: metric('disk.read.each', 'above', 1e9, { windowMs: 5 * MIN, aggregate: 'max' }), scope: { kind: 'tag', tag: 'db' } },
];

/** A rule input checked as the API would check it, made into a stored rule. */
export function storedRule(input: RuleInput, channelIds: string[], now: number): AlertRule {
  const checked = checkRule({ ...input, channelIds }, { channelIds: new Set(channelIds) });
  if (!checked.ok) throw new Error(`bench rule "${input.name}": ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  const rule: ParsedRule = checked.rule;
  return { ...rule, id: newId(), createdAt: now, updatedAt: now };
}

/** The mix, stored; each rule notifies `channelId` when given. */
export async function createRules(store: Store, channelId: string | null, now: number): Promise<AlertRule[]> {
  const rules = RULE_MIX.map((r, i) => storedRule(r, channelId ? [channelId] : [], now + i));
  for (const r of rules) await store.alerts.createRule(r);
  return rules;
}

export async function deleteRules(store: Store, rules: readonly AlertRule[]): Promise<void> {
  for (const r of rules) {
    await store.alerts.deleteRule(r.id);
    await store.alerts.deleteStatesOfRule(r.id);
  }
}

export async function createWebhookChannel(store: Store, url: string, now: number): Promise<Channel> {
  const channel: Channel = { id: newId(), name: 'bench receiver', kind: 'webhook', config: { url }, createdAt: now, updatedAt: now };
  await store.alerts.createChannel(channel);
  return channel;
}

export interface BenchHost {
  host: HostRecord;
  token: string;
}

export async function createHosts(store: Store, count: number, name: (i: number) => string, tags: (i: number) => string[], now: number): Promise<BenchHost[]> {
  const out: BenchHost[] = [];
  for (let i = 0; i < count; i++) {
    const token = generateToken('host');
    const host: HostRecord = { id: newId(), name: name(i), tags: tags(i), tokenHash: hashToken(token), disabled: false, createdAt: now };
    await store.createHost(host);
    out.push({ host, token });
  }
  return out;
}

/** The bench sample, with the count the process-missing rule reads (a collector told to watch nginx reports it). */
export function benchSample(ts: number, seed = 0, overrides: Partial<Sample> = {}): Sample {
  const s = makeSample(ts, seed, overrides);
  return { ...s, processes: { ...s.processes, watched: [{ pattern: WATCHED_PATTERN, count: 1 }] } };
}

/** bench/support/ingest-body's template (two samples, timestamps as holes) with the watched count in each sample. */
export function alertBodyTemplate(): (ts: number) => string {
  const A = 1_111_111_111_111;
  const B = 2_222_222_222_222;
  // Both samples carry A's values, so the template's numbers are those of ingest-body.ts.
  const text = JSON.stringify({ v: 1, samples: [benchSample(A), { ...benchSample(A), ts: B }], counters: { spooled: 0, dropped: 0 } });
  const [p0, rest] = text.split(String(A)) as [string, string];
  const [p1, p2] = rest.split(String(B)) as [string, string];
  return (ts) => p0 + (ts - 1_000) + p1 + ts + p2;
}

import { describe, expect, it } from 'vitest';
import { createApiTokenSchema, createHostSchema, createUserSchema, updateHostSchema, updateUserSchema } from '@/lib/accounts/schemas';
import { channelSchema, maintenanceWindowSchema, ruleInputSchema, silenceSchema } from '@/lib/alerts/schemas';
import { validateBatch } from '@/lib/ingest/validate-batch';
import { createShareSchema } from '@/lib/shares/schemas';
import type { Batch } from '@/lib/wire/contract';
import { hasInvisible } from '@/lib/wire/text';
import { makeBatch, makeSystem } from '../../support/samples';

/**
 * Every free-text field from outside is stored clean of bidi controls and
 * invisible characters (lib/wire/text.ts): from collectors per field, without
 * refusing the batch; from admins in every name they give.
 */

const NOW = Date.UTC(2026, 0, 31, 14, 5);
const RLO = '\u202E';

/** Every string in `value` (watched patterns excepted, see below), with `mark` put into its middle. */
function marked<T>(value: T, mark: (s: string) => string, path = ''): T {
  if (typeof value === 'string') return (path.endsWith('.pattern') ? value : mark(value)) as T;
  if (Array.isArray(value)) return value.map((v, i) => marked(v, mark, `${path}.${i}`)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marked(v, mark, `${path}.${k}`)])) as T;
  }
  return value;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

function batchWithEveryText(): Batch {
  const batch: Batch = { ...makeBatch(NOW, 3), system: makeSystem('web-1') };
  // Every kind of labelled entity present, so each field is exercised.
  for (const s of batch.samples) s.processes.watched = [{ pattern: 'nginx', count: 2 }];
  return batch;
}

describe('collector text is cleaned per field on ingest', () => {
  it('a batch with U+202E in every string is accepted and stored as if it had none', () => {
    const clean = batchWithEveryText();
    const spoofed = marked(clean, (s) => `${s.slice(0, 1)}${RLO}${s.slice(1)}\u200B`);
    const texts = strings(spoofed);
    expect(texts.length).toBeGreaterThan(40);
    const validated = validateBatch(JSON.parse(JSON.stringify(spoofed)), NOW);
    expect(validated).toEqual(clean);
    expect(strings(validated).filter(hasInvisible)).toEqual([]);
  });

  it('a label of nothing but invisible characters becomes U+FFFD (visible, still a name), not a refusal', () => {
    const batch = makeBatch(NOW);
    batch.samples[0]!.network.interfaces[0]!.name = '\u200B\u200B';
    batch.samples[0]!.processes.top[0]!.name = '\u2066';
    const validated = validateBatch(JSON.parse(JSON.stringify(batch)), NOW);
    expect(validated.samples[0]!.network.interfaces[0]!.name).toBe('\uFFFD');
    expect(validated.samples[0]!.processes.top[0]!.name).toBe('\uFFFD');
  });

  it('bounds are checked on what was sent: an over-long field is still a 400 naming it', () => {
    const batch = makeBatch(NOW);
    batch.samples[0]!.processes.top[0]!.command = `${'\u200B'.repeat(201)}`;
    expect(() => validateBatch(batch, NOW)).toThrow(expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: 'samples.0.processes.top.0.command' })] }));
  });

  it('watched patterns are left as sent: they echo the server’s own pattern as a key', () => {
    const batch = makeBatch(NOW);
    batch.samples[0]!.processes.watched = [{ pattern: `a${RLO}b`, count: 1 }];
    expect(validateBatch(JSON.parse(JSON.stringify(batch)), NOW).samples[0]!.processes.watched).toEqual([{ pattern: `a${RLO}b`, count: 1 }]);
  });
});

describe('admin-entered names are cleaned', () => {
  const spoof = (s: string) => `\u200B${s.slice(0, 2)}${RLO}${s.slice(2)}\u2069 `;

  it('host names and tags', () => {
    expect(createHostSchema.parse({ name: spoof('web-1'), tags: [spoof('prod'), 'prod'] })).toEqual({ name: 'web-1', tags: ['prod'] });
    expect(updateHostSchema.parse({ name: spoof('db') })).toEqual({ name: 'db' });
    expect(createHostSchema.safeParse({ name: `${RLO}\u200B` }).error?.issues.map((i) => i.message)).toEqual(['must not be empty']);
  });

  it('user names and API token names', () => {
    expect(createUserSchema.parse({ email: 'a@example.com', name: spoof('Jane'), password: 'long enough pw' }).name).toBe('Jane');
    expect(updateUserSchema.parse({ name: spoof('Joe') })).toEqual({ name: 'Joe' });
    expect(createApiTokenSchema.parse({ name: spoof('grafana') }).name).toBe('grafana');
  });

  it('share labels', () => {
    expect(createShareSchema.parse({ label: spoof('status page') }).label).toBe('status page');
  });

  it('alert rule, channel and window names, silence comments', () => {
    const rule = ruleInputSchema.parse({ name: spoof('disk full'), condition: { kind: 'host_down', afterMs: 120_000 } });
    expect(rule.name).toBe('disk full');
    expect(channelSchema.parse({ id: 'c1', name: spoof('ops mail'), kind: 'email', config: {}, createdAt: 1, updatedAt: 1 }).name).toBe('ops mail');
    const window = maintenanceWindowSchema.parse({ id: 'w1', name: spoof('patch night'), scope: { kind: 'all' }, schedule: { kind: 'once', from: 1, to: 2 }, createdAt: 1 });
    expect(window.name).toBe('patch night');
    expect(silenceSchema.parse({ id: 's1', ruleId: 'r1', until: 2, comment: spoof('known issue'), createdBy: 'u', createdAt: 1 }).comment).toBe('known issue ');
  });
});

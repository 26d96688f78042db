import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedSink } from '@/lib/ingest/accepted-sink';
import { ingestRequest } from '@/lib/ingest/ingest-request';
import { KnownTokens } from '@/lib/ingest/known-tokens';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import type { Sample } from '@/lib/wire/contract';
import { createTestHost, type TestHost } from '../../support/hosts';
import { makeBatch, makeSample } from '../../support/samples';

/**
 * Ingest's one hook for remote write, on a real SQLite store: the sink hears
 * of a batch only after the store accepted it, only of what was stored, and
 * its failure never fails the batch (already durable).
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-forward-'));
let store: Store;
let h: TestHost;

beforeAll(async () => {
  store = createStore({ kind: 'sqlite', file: path.join(dir, 'hostwatch.db') }, DEFAULT_RETENTION);
  h = await createTestHost(store, { name: 'fwd-1', tags: ['env:test'] });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(body: unknown, forward: AcceptedSink, now: number) {
  const request = new Request('http://hostwatch.test/api/v1/ingest', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify(body),
  });
  return ingestRequest(request, store, { ingestPerMinute: 1000, now: () => now, known: new KnownTokens(), forward });
}

function recorder() {
  const heard: { hostId: string; samples: readonly Sample[]; latestThen: Promise<number | undefined> }[] = [];
  const sink: AcceptedSink = {
    // The state read as the sink hears of the batch: stored before, it already has the newest sample.
    accepted: (host, samples) => heard.push({ hostId: host.id, samples, latestThen: store.getHostState(host.id).then((s) => s?.latest.ts) }),
  };
  return { heard, sink };
}

describe('ingest hands stored samples to its sink', () => {
  it('forwards an accepted batch with its host, once stored, and not a resend of it', async () => {
    const now = Date.now();
    const batch = makeBatch(now, 3);
    const { heard, sink } = recorder();
    const first = await post(batch, sink, now);
    expect(first.reply.accepted).toBe(3);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.hostId).toBe(h.host.id);
    expect(heard[0]!.samples.map((s) => s.ts)).toEqual(batch.samples.map((s) => s.ts));
    expect(await heard[0]!.latestThen).toBe(batch.samples.at(-1)!.ts);
    const again = await post(batch, sink, now);
    expect(again.reply).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(heard).toHaveLength(1);
  });

  it('leaves out samples older than any history (refused, not stored)', async () => {
    const now = Date.now();
    const ancient = makeSample(now - 400 * 86_400_000);
    const fresh = makeSample(now + 1);
    const { heard, sink } = recorder();
    const res = await post({ ...makeBatch(now), samples: [ancient, fresh] }, sink, now);
    expect(res.reply.refused?.count).toBe(1);
    expect(heard.map((x) => x.samples.map((s) => s.ts))).toEqual([[fresh.ts]]);
  });

  it('answers the collector even when the sink throws', async () => {
    const now = Date.now() + 10_000;
    const broken: AcceptedSink = {
      accepted: () => {
        throw new Error('sink broke');
      },
    };
    const res = await post(makeBatch(now), broken, now);
    expect(res.reply.accepted).toBe(1);
  });
});

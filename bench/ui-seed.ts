import { DAY, HOUR, MINUTE } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { createTestHost } from '../tests/support/hosts';
import { makeSample, makeSystem } from '../tests/support/samples';
import type { Sample } from '@/lib/wire/contract';

/**
 * Dashboard data written straight into the store before the server starts:
 * one host with `historyDays` of history (coarse when old, 5-second samples
 * in the last hour, two outages to show as gaps) and a fleet of hosts with
 * an hour each for the sparklines, some stale and offline.
 */

const BATCH = 500;

async function ingestSamples(store: Store, hostId: string, samples: Sample[], name: string, receivedAt: number) {
  for (let i = 0; i < samples.length; i += BATCH) {
    const part = samples.slice(i, i + BATCH);
    await store.ingest(hostId, { samples: part, system: { ...makeSystem(name), bootTime: receivedAt - 9 * DAY }, counters: { spooled: 0, dropped: 0 } }, receivedAt);
  }
}

function timeline(now: number, historyMs: number): { ts: number; step: number }[] {
  const out: { ts: number; step: number }[] = [];
  const outages = [
    [now - 2 * DAY - 3 * HOUR, now - 2 * DAY],
    [now - 40 * MINUTE, now - 30 * MINUTE],
  ];
  let ts = now - historyMs;
  while (ts <= now) {
    const age = now - ts;
    const step = age > DAY ? 5 * MINUTE : age > HOUR ? MINUTE : 5_000;
    if (!outages.some(([a, b]) => ts >= a! && ts < b!)) out.push({ ts, step });
    ts += step;
  }
  return out;
}

export async function seedHistoryHost(store: Store, now: number, historyDays: number, name = 'history-host') {
  const { host, token } = await createTestHost(store, { name, tags: ['bench', 'prod'] });
  const samples = timeline(now, historyDays * DAY).map(({ ts, step }) => ({ ...makeSample(ts, 1), intervalMs: step }));
  await ingestSamples(store, host.id, samples, name, now);
  return { host, token, samples: samples.length };
}

export async function seedFleet(store: Store, now: number, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `node-${String(i + 1).padStart(4, '0')}`;
    const { host } = await createTestHost(store, { name, tags: [i % 3 === 0 ? 'prod' : 'staging', `rack-${i % 8}`] });
    // every 25th host stopped reporting two hours ago, every 40th ten minutes ago
    const lastSeen = i % 25 === 7 ? now - 2 * HOUR : i % 40 === 11 ? now - 10 * MINUTE : now;
    const samples = Array.from({ length: 60 }, (_, k) => ({ ...makeSample(lastSeen - (59 - k) * MINUTE, i), intervalMs: MINUTE }));
    await ingestSamples(store, host.id, samples, name, lastSeen);
    ids.push(host.id);
  }
  return ids;
}

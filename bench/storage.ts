/**
 * Storage efficiency: bytes per stored numeric value in the raw tier, over one
 * simulated day of one host at 5 s, on SQLite (page bytes of the raw table,
 * from dbstat, after a WAL checkpoint) and Redis (MEMORY USAGE of the raw
 * chunk keys). Rollup and process-snapshot overhead are reported beside it.
 * The same day is stored again with BENCH_CONTAINERS (20) running containers,
 * and the difference per container is what one container costs a day.
 * Upstash shares the Redis layout byte for byte. Ends with one `RESULT {json}` line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { historyRecord } from '@/lib/metrics/history';
import { DAY, DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import type { Sample } from '@/lib/wire/contract';
import { startRedisServer } from '../tests/support/redis-server';
import { simulatedDay } from './storage-samples';

const INTERVAL_MS = 5_000;
const COUNT = DAY / INTERVAL_MS;
const BATCH = 2; // what a collector posting every 10 s sends
const GOAL_BYTES_PER_VALUE = 8;
const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 20);

const now = Date.now();
const day = (containers: number): Sample[] => [...simulatedDay({ start: now - DAY + INTERVAL_MS, intervalMs: INTERVAL_MS, count: COUNT, containers })];
const samples = day(0);
const withContainers = day(CONTAINERS);
const rawValues = samples.reduce((n, s) => n + historyRecord(s).values.length, 0);
const host = { id: 'bench-host-1', name: 'bench', tags: [], tokenHash: 'b'.repeat(64), disabled: false, createdAt: now };

/** Posts the day as the collector would, each batch received just after its newest sample. */
async function ingestDay(store: Store, samples: Sample[]): Promise<number> {
  await store.createHost(host);
  const t0 = performance.now();
  for (let i = 0; i < samples.length; i += BATCH) {
    const batch = samples.slice(i, i + BATCH);
    const r = await store.ingest(host.id, { samples: batch, counters: { spooled: 0, dropped: 0 } }, batch[batch.length - 1].ts + 300);
    if (r.accepted !== batch.length) throw new Error(`batch ${i / BATCH} accepted ${r.accepted} of ${batch.length}`);
  }
  return performance.now() - t0;
}

const perValue = (bytes: number) => Math.round((bytes / rawValues) * 100) / 100;

async function sqlite(samples: Sample[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-bench-storage-'));
  try {
    const file = path.join(dir, 'hostwatch.db');
    const store = createStore({ kind: 'sqlite', file }, DEFAULT_RETENTION);
    const ms = await ingestDay(store, samples);
    await store.close();
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const tables = Object.fromEntries(
      db.prepare<[], { name: string; bytes: number }>('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all().map((r) => [r.name, r.bytes]),
    );
    db.close();
    const raw = tables.raw ?? 0;
    const rollups = tables.rollups ?? 0;
    const snapshots = (tables.snapshots ?? 0) + (tables.snapshots_ts ?? 0);
    return {
      bytesPerRawValue: perValue(raw),
      rawBytes: raw,
      rollupBytes: rollups,
      rollupBytesPerRawValue: perValue(rollups),
      snapshotBytes: snapshots,
      seriesBytes: raw + rollups + snapshots + (tables.host_state ?? 0) + (tables.series_columns ?? 0) + (tables.series_schemas ?? 0),
      fileBytes: statSync(file).size,
      ingestMs: Math.round(ms),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function redis(samples: Sample[]) {
  const server = await startRedisServer();
  try {
    const store = createStore({ kind: 'redis', url: server.url }, DEFAULT_RETENTION, { keyPrefix: 'bench:' });
    const ms = await ingestDay(store, samples);
    await store.close();
    const client = new Redis(server.url);
    const bytes = { raw: 0, rollups: 0, snapshots: 0, other: 0 };
    let rawKeys = 0;
    // SCAN is fine here: this is a measurement, not a request path.
    for (let cursor = '0'; ; ) {
      const [next, keys] = await client.scan(cursor, 'MATCH', `bench:{${host.id}}:*`, 'COUNT', 1_000);
      for (const key of keys) {
        const size = Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        const kind = key.split('}:')[1];
        if (kind.startsWith('raw:')) {
          bytes.raw += size;
          rawKeys++;
        } else if (/^r(1m|5m|1h):/.test(kind)) bytes.rollups += size;
        else if (kind.startsWith('ps')) bytes.snapshots += size;
        else bytes.other += size;
      }
      if ((cursor = next) === '0') break;
    }
    client.disconnect();
    return {
      bytesPerRawValue: perValue(bytes.raw),
      rawBytes: bytes.raw,
      rawKeys,
      rollupBytes: bytes.rollups,
      rollupBytesPerRawValue: perValue(bytes.rollups),
      snapshotBytes: bytes.snapshots,
      otherBytes: bytes.other,
      seriesBytes: bytes.raw + bytes.rollups + bytes.snapshots + bytes.other,
      ingestMs: Math.round(ms),
    };
  } finally {
    await server.stop();
  }
}

/** What one container adds to a host's day, by kind of row: the run with containers less the run without. */
function perContainer(without: Record<string, number>, withThem: Record<string, number>) {
  const per = (k: string) => Math.round((withThem[k]! - without[k]!) / CONTAINERS);
  return { raw: per('rawBytes'), rollups: per('rollupBytes'), snapshots: per('snapshotBytes'), total: per('seriesBytes') };
}

const sqliteResult = await sqlite(samples);
console.log('sqlite', sqliteResult);
const sqliteContainers = await sqlite(withContainers);
const redisResult = await redis(samples);
console.log('redis', redisResult);
const redisContainers = await redis(withContainers);
const containerDay = { containers: CONTAINERS, sqliteBytes: perContainer(sqliteResult, sqliteContainers), redisBytes: perContainer(redisResult, redisContainers) };
console.log('per container per day', containerDay);
const pass = sqliteResult.bytesPerRawValue <= GOAL_BYTES_PER_VALUE && redisResult.bytesPerRawValue <= GOAL_BYTES_PER_VALUE;
console.log(
  `RESULT ${JSON.stringify({ bench: 'storage', samples: COUNT, intervalMs: INTERVAL_MS, rawValues, goalBytesPerRawValue: GOAL_BYTES_PER_VALUE, pass, sqlite: sqliteResult, redis: redisResult, upstash: 'same layout as redis', perContainerPerDay: containerDay })}`,
);

import 'server-only';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { alertLimits, type AlertLimits } from '../alert-records';
import type { StoreParts } from '../ports';
import type { StoreKind } from '../types';
import { composedHostIngest } from '../compose';
import { RedisAlerts } from './alert-store';
import { redisHostIngest } from './host-ingest';
import { RedisKeys } from './keys';
import type { RedisPort } from './port';
import { RedisRecords } from './record-store';
import { scriptRunner } from './script-runner';
import { RedisCounters, redisFleet, RedisSeries } from './series-store';

/**
 * The ports over one Redis (TCP or Upstash REST), sharing the client and
 * the key prefix. See keys.ts for the layout and the script files for what
 * runs atomically.
 */
export function redisParts(
  kind: Extract<StoreKind, 'redis' | 'upstash'>,
  port: RedisPort,
  retention: Retention,
  prefix = 'hw:',
  limits?: SeriesLimits,
  alerts?: Partial<AlertLimits>,
): StoreParts {
  const keys = new RedisKeys(prefix);
  const run = scriptRunner(port);
  const series = new RedisSeries(port, keys, retention, run, limits);
  const records = new RedisRecords(port, keys, run);
  const counters = new RedisCounters(port, keys, run, series);
  return {
    kind,
    records,
    series,
    counters,
    hostIngest: redisHostIngest(keys, run, series.metrics, composedHostIngest(records, counters, series)),
    alerts: new RedisAlerts(port, keys.alerts(), run, alertLimits(alerts)),
    fleet: redisFleet(port, keys, series),
    ping: async () => void (await port.call(['PING'])),
    close: () => port.close(),
  };
}

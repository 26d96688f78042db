import 'server-only';
import { config, type Config } from '@/lib/config';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import type { AlertLimits } from './alert-records';
import { composeStore } from './compose';
import type { StoreParts } from './ports';
import { ioredisClusterPort, ioredisPort } from './redis/ioredis-port';
import { slotOf } from './redis/key-slot';
import { redisParts } from './redis/redis-backend';
import { upstashPort } from './redis/upstash-port';
import { sqliteParts } from './sqlite/sqlite-backend';
import type { Store } from './types';

/**
 * The process-wide store, chosen by configuration and created on first use.
 * Kept on globalThis so that Next.js route bundles that each import this
 * module still share one SQLite connection / Redis client.
 */

/** keyPrefix: a Redis namespace (tests); limits: per-host series caps (config's HOSTWATCH_MAX_*); alertLimits: the alert store's caps (tests make them small). */
export interface StoreOptions {
  keyPrefix?: string;
  limits?: SeriesLimits;
  alertLimits?: Partial<AlertLimits>;
}

const GLOBAL_KEY = Symbol.for('hostwatch.store');
type Holder = { [GLOBAL_KEY]?: Store };

export function getStore(): Store {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= createStore(config().store, config().retention, { limits: config().seriesLimits });
  return holder[GLOBAL_KEY];
}

/** The ports of one configured backend (compose them with composeStore, possibly with ports of another backend). */
export function createStoreParts(cfg: Config['store'], retention: Retention, opts: StoreOptions = {}): StoreParts {
  switch (cfg.kind) {
    case 'sqlite':
      return sqliteParts(cfg.file, retention, opts.limits, opts.alertLimits);
    case 'redis':
      return redisParts('redis', cfg.cluster ? ioredisClusterPort(cfg.url.split(',').map((u) => u.trim()), slotOf) : ioredisPort(cfg.url), retention, opts.keyPrefix, opts.limits, opts.alertLimits);
    case 'upstash':
      return redisParts('upstash', upstashPort(cfg.url, cfg.token), retention, opts.keyPrefix, opts.limits, opts.alertLimits);
  }
}

/** A new store for the given settings (tests and tools; the app uses getStore()). */
export function createStore(cfg: Config['store'], retention: Retention, opts: StoreOptions = {}): Store {
  return composeStore(createStoreParts(cfg, retention, opts));
}

export { composeStore, mixParts } from './compose';

import 'server-only';
import { config, type Config } from '@/lib/config';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { ioredisPort } from './redis/ioredis-port';
import { RedisStore } from './redis/redis-store';
import { upstashPort } from './redis/upstash-port';
import { SqliteStore } from './sqlite/sqlite-store';
import type { Store } from './types';

/**
 * The process-wide store, chosen by configuration and created on first use.
 * Kept on globalThis so that Next.js route bundles that each import this
 * module still share one SQLite connection / Redis client.
 */

const GLOBAL_KEY = Symbol.for('hostwatch.store');
type Holder = { [GLOBAL_KEY]?: Store };

export function getStore(): Store {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= createStore(config().store, config().retention, { limits: config().seriesLimits });
  return holder[GLOBAL_KEY];
}

/** A new store for the given settings (tests and tools; the app uses getStore()). */
export function createStore(cfg: Config['store'], retention: Retention, opts: { keyPrefix?: string; limits?: SeriesLimits } = {}): Store {
  switch (cfg.kind) {
    case 'sqlite':
      return new SqliteStore(cfg.file, retention, opts.limits);
    case 'redis':
      return new RedisStore('redis', ioredisPort(cfg.url), retention, opts.keyPrefix, opts.limits);
    case 'upstash':
      return new RedisStore('upstash', upstashPort(cfg.url, cfg.token), retention, opts.keyPrefix, opts.limits);
  }
}

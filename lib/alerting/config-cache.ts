import 'server-only';
import type { AlertRule, Channel, MaintenanceWindow, Silence } from '@/lib/alerts/schemas';
import type { Store } from '@/lib/store/types';

/**
 * Rules, channels, windows and silences change rarely and are needed on every
 * ingest, so each process keeps them for a few seconds. A change made through
 * this process is seen at once (invalidate); one made on another instance is
 * seen within CONFIG_TTL_MS. That is the bound on "a rule edit takes effect".
 */
export const CONFIG_TTL_MS = 5_000;

export interface AlertConfig {
  rules: AlertRule[];
  channels: Map<string, Channel>;
  windows: MaintenanceWindow[];
  silences: Silence[];
  loadedAt: number;
}

const cache = new WeakMap<Store, Promise<AlertConfig>>();
const loadedAt = new WeakMap<Store, number>();

async function load(store: Store, now: number): Promise<AlertConfig> {
  const [rules, channels, windows, silences] = await Promise.all([
    store.alerts.listRules(),
    store.alerts.listChannels(),
    store.alerts.listWindows(),
    store.alerts.listSilences(),
  ]);
  return { rules, channels: new Map(channels.map((c) => [c.id, c])), windows, silences, loadedAt: now };
}

export function alertConfig(store: Store, now: number): Promise<AlertConfig> {
  const at = loadedAt.get(store);
  let pending = cache.get(store);
  // A clock that went backwards (tests moving `now`) also reloads.
  if (!pending || at === undefined || now - at >= CONFIG_TTL_MS || now < at) {
    pending = load(store, now);
    cache.set(store, pending);
    loadedAt.set(store, now);
    // A failed load is not cached: the next call tries again.
    pending.catch(() => {
      if (cache.get(store) === pending) cache.delete(store);
    });
  }
  return pending;
}

/** After a change through this process: the next read loads afresh. */
export function invalidateAlertConfig(store: Store): void {
  cache.delete(store);
  loadedAt.delete(store);
}

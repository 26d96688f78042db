import type { Retention } from '@/lib/metrics/tiers';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import { RETENTION } from './sample';

/** Two server instances' stores on one Redis and key prefix, as two processes behind a balancer would have them. */
export function twoInstances(url: string, keyPrefix: string, retention: Retention = RETENTION): { a: Store; b: Store; close: () => Promise<void> } {
  const a = createStore({ kind: 'redis', url }, retention, { keyPrefix });
  const b = createStore({ kind: 'redis', url }, retention, { keyPrefix });
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

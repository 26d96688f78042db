import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '@/lib/store';
import type { Store } from '@/lib/store/types';
import { hostViewFor } from '@/lib/shares/viewer';
import { rule } from '../store/alert-fixtures';
import { host, RETENTION, share } from '../store/sample';

/**
 * A share link shows the host's alerts only when its creator opted in, and
 * then only this host's, without who acknowledged them. On a real SQLite
 * store, through the same function the share page and API use.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-share-alerts-'));
let store: Store;
const now = Date.now();

beforeAll(async () => {
  store = createStore({ kind: 'sqlite', file: path.join(dir, 'hostwatch.db') }, RETENTION);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function firingOn(hostId: string, ruleName: string) {
  const r = rule({ name: ruleName });
  await store.alerts.createRule(r);
  const state = {
    ruleId: r.id, hostId, entity: '', status: 'firing' as const, since: now - 60_000, evaluatedAt: now, value: 97.5,
    window: [], notifiedAt: now, acknowledgedBy: 'user-who-acked', seq: 1, version: 0,
  };
  expect(await store.alerts.commit({ states: [{ key: state, expectedVersion: null, state }], events: [], deliveries: [], now })).toEqual({ ok: true });
}

describe('alerts in a share view', () => {
  it('are absent unless the link includes them, and then only this host’s, without who acknowledged', async () => {
    const h = host();
    const other = host();
    await store.createHost(h);
    await store.createHost(other);
    await firingOn(h.id, 'CPU on fire');
    await firingOn(other.id, 'Other host trouble');

    const hidden = await hostViewFor(store, share(h.id, now, { id: 's-hidden', tokenHash: 'hidden', includeAlerts: false }), now);
    expect(hidden.alerts).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain('CPU on fire');

    const shown = await hostViewFor(store, share(h.id, now, { id: 's-shown', tokenHash: 'shown', includeAlerts: true }), now);
    expect(shown.alerts).toEqual([
      { ruleName: 'CPU on fire', severity: 'warning', entity: '', status: 'firing', since: now - 60_000, value: 97.5, threshold: 90, unit: 'pct' },
    ]);
    expect(JSON.stringify(shown)).not.toMatch(/user-who-acked|Other host trouble/);
  });
});

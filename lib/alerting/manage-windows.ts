import 'server-only';
import { randomUUID } from 'node:crypto';
import type { MaintenanceWindow, Scope } from '@/lib/alerts/schemas';
import { Conflict, NotFound } from '@/lib/errors';
import type { Store } from '@/lib/store/types';
import type { CreateWindowBody } from './api-schemas';
import { alertConfigChanged } from './config-changed';
import { invalidFields, quoteId, type FieldError } from './field-errors';
import { MAX_ONCE_WINDOW_MS, MAX_WINDOWS } from './limits';

/**
 * Maintenance windows: while one is active for a host, its alerts are still
 * judged and shown but notify no one (their events say "maintenance").
 */

const DAY = 86_400_000;

/** A host scope must name a host that exists; windows and silences share this. */
export async function checkScopeHost(store: Store, scope: Scope, errors: FieldError[], path = 'scope.hostId'): Promise<void> {
  if (scope.kind === 'host' && !(await store.getHost(scope.hostId))) errors.push({ path, message: `unknown host ${quoteId(scope.hostId)}` });
}

export async function listWindows(store: Store): Promise<{ windows: MaintenanceWindow[] }> {
  const windows = await store.alerts.listWindows();
  return { windows: windows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)) };
}

export async function createWindow(store: Store, body: CreateWindowBody, now: number): Promise<MaintenanceWindow> {
  const errors: FieldError[] = [];
  const s = body.schedule;
  if (s.kind === 'once') {
    if (s.to <= s.from) errors.push({ path: 'schedule.to', message: 'must be after schedule.from' });
    else if (s.to - s.from > MAX_ONCE_WINDOW_MS) errors.push({ path: 'schedule.to', message: `a one-off window lasts at most ${MAX_ONCE_WINDOW_MS / DAY} days` });
    if (s.to <= now) errors.push({ path: 'schedule.to', message: 'must be in the future: this window would never be active' });
  }
  await checkScopeHost(store, body.scope, errors);
  if (errors.length > 0) throw invalidFields(errors);
  if ((await store.alerts.listWindows()).length >= MAX_WINDOWS) {
    throw new Conflict('too_many_windows', `At most ${MAX_WINDOWS} maintenance windows; delete one first.`);
  }
  const window: MaintenanceWindow = { ...body, id: randomUUID(), createdAt: now };
  await store.alerts.createWindow(window);
  alertConfigChanged(store);
  return window;
}

export async function deleteWindow(store: Store, id: string): Promise<void> {
  if (!(await store.alerts.deleteWindow(id))) throw new NotFound(`No maintenance window with id ${quoteId(id)}.`);
  alertConfigChanged(store);
}

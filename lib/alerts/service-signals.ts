import type { Service } from '@/lib/wire/contract';
import { latestStateSignal } from './latest-state-signal';
import type { FamilySignal } from './signal-types';

/*
 * systemd service conditions as 0/1 signals per service (rule: above 0.5), like the container
 * ones: the state machine's for-duration, hysteresis and per-entity states apply, and a name
 * pattern (`entityPattern: "nginx*"`) picks the services. They cover every listed service, not
 * only running ones: the latest sample lists each with its state. Pure.
 */

/** Not running: anything but active, reloading or (still serving while) deactivating; activating counts as down until it is up. */
export const serviceDown = (v: Service) => v.state !== 'active' && v.state !== 'reloading' && v.state !== 'deactivating';

const serviceSignal = (name: string, label: string, metricLabel: string, value: (v: Service) => number, suffix?: string): FamilySignal =>
  latestStateSignal({ name, label, metricLabel, family: 'services', list: (s) => s.services, entity: (v) => v.name, value, suffix, reason: 'service states are kept in the latest sample only, not in history' });

export const SERVICE_SIGNALS: readonly FamilySignal[] = [
  serviceSignal('svc.failed', 'Service failed (1 = failed)', 'failed', (v) => (v.state === 'failed' ? 1 : 0)),
  serviceSignal('svc.down', 'Service not running (1 = inactive, failed or starting)', 'not running', (v) => (serviceDown(v) ? 1 : 0)),
  serviceSignal('svc.restarts', 'Service restarts', 'restarts', (v) => Math.min(v.restarts, 2 ** 22), 'restarts'),
];

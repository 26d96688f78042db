import { backoffMs } from '../backoff';
import type { Logger } from '../log';
import { MAX_SERVICES, SERVICE_STATES, type ServiceState } from '../../lib/wire/limits';
import { connectBus, type DbusConnection } from './dbus-client';
import type { Message } from './dbus-wire';

/**
 * Keeps the host's services current from systemd over the system bus
 * without a call per sample: on connect, AddMatch for unit property changes,
 * Subscribe, one ListUnits and one Get of NRestarts per service; after that
 * only PropertiesChanged and UnitRemoved signals. A lost connection is
 * reopened with backoff and the list taken again (changes meanwhile were missed).
 */
export interface UnitInfo {
  /** Without ".service". */
  name: string;
  state: ServiceState;
  subState: string;
  restarts: number;
}

export interface SystemdWatcherOptions {
  socketPath: string;
  log: Logger;
  retryMs?: (attempt: number) => number;
}

const SYSTEMD = 'org.freedesktop.systemd1';
const ROOT = '/org/freedesktop/systemd1';
const UNIT_PATHS = `${ROOT}/unit`;
const MANAGER = `${SYSTEMD}.Manager`;
const MATCHES = [
  `type='signal',sender='${SYSTEMD}',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path_namespace='${UNIT_PATHS}'`,
  `type='signal',sender='${SYSTEMD}',interface='${MANAGER}',member='UnitRemoved'`,
];
const MAX_NAME = 255;
const OBJECT_PATH = /^\/[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*$/;
const STATES = new Set<string>(SERVICE_STATES);

export const stateOf = (v: unknown): ServiceState => (typeof v === 'string' && STATES.has(v) ? (v as ServiceState) : 'unknown');

/** systemd's object path of a unit escapes every byte but [A-Za-z0-9] as _xx: nginx_2eservice → nginx.service. */
export function unitOfPath(path: string): string | null {
  if (!path.startsWith(`${UNIT_PATHS}/`)) return null;
  const label = path.slice(UNIT_PATHS.length + 1);
  try {
    return decodeURIComponent(label.replace(/_([0-9a-fA-F]{2})/g, '%$1'));
  } catch {
    return null;
  }
}

/** "nginx.service" → "nginx"; null for other unit types and names past the bound. */
export function serviceName(unit: unknown): string | null {
  if (typeof unit !== 'string' || !unit.endsWith('.service')) return null;
  const name = unit.slice(0, -'.service'.length);
  return name !== '' && name.length <= MAX_NAME ? name : null;
}

const RANK: Partial<Record<ServiceState, number>> = { failed: 0, active: 1, reloading: 1, activating: 2, deactivating: 2 };
const rank = (u: UnitInfo) => RANK[u.state] ?? 3;

export class SystemdWatcher {
  private readonly byName = new Map<string, UnitInfo>();
  private conn: DbusConnection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private generation = 0;
  private synced = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly o: SystemdWatcherOptions) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.conn?.close();
    this.conn = null;
  }

  get ready(): boolean {
    return this.synced;
  }

  /** Failed first, then running, then the rest; at most MAX_SERVICES. */
  units(): UnitInfo[] {
    return [...this.byName.values()].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : 1)).slice(0, MAX_SERVICES);
  }

  /** Resolves once the list and restart counts are read (tests, `--once`). */
  settled(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.synced = false;
    try {
      const conn = await connectBus(
        this.o.socketPath,
        (m) => gen === this.generation && this.onSignal(m),
        (err) => this.lost(gen, err),
      );
      if (gen !== this.generation || this.stopped) return conn.close();
      this.conn = conn;
      for (const rule of MATCHES) await conn.call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', [rule]);
      // Without Subscribe systemd sends no signals at all.
      await conn.call(SYSTEMD, ROOT, MANAGER, 'Subscribe');
      const [list] = await conn.call(SYSTEMD, ROOT, MANAGER, 'ListUnits');
      if (gen !== this.generation) return;
      const listed = new Map<string, { info: UnitInfo; path: string }>();
      // a(ssssssouso): name, description, load state, active state, sub state, followed, path, job id, job type, job path.
      for (const row of Array.isArray(list) ? list : []) {
        if (!Array.isArray(row) || row.length < 7) continue;
        const name = serviceName(row[0]);
        if (name === null || row[2] === 'not-found') continue;
        // The path goes back to the bus in a Get; a malformed one would make the bus drop the connection.
        const path = typeof row[6] === 'string' && OBJECT_PATH.test(row[6]) && row[6].length <= 1024 ? row[6] : '';
        listed.set(name, { info: { name, state: stateOf(row[3]), subState: String(row[4]).slice(0, 32), restarts: 0 }, path });
      }
      const keep = [...listed.values()].sort((a, b) => rank(a.info) - rank(b.info)).slice(0, MAX_SERVICES);
      // Signals that came before the answer are older than it (the client hands over one message per turn).
      this.byName.clear();
      for (const { info } of keep) this.byName.set(info.name, info);
      this.touched.clear();
      await Promise.all(
        keep.map(async ({ info, path }) => {
          if (path === '') return;
          try {
            const [n] = await conn.call(SYSTEMD, path, 'org.freedesktop.DBus.Properties', 'Get', [`${SYSTEMD}.Service`, 'NRestarts']);
            const cur = this.byName.get(info.name);
            if (cur && typeof n === 'number' && !this.touched.has(info.name)) cur.restarts = n;
          } catch {
            // systemd before 235 has no NRestarts: restarts stay 0.
          }
        }),
      );
      if (gen !== this.generation) return;
      this.failures = 0;
      this.synced = true;
      for (const w of this.waiters.splice(0)) w();
    } catch (err) {
      if (gen !== this.generation) return;
      this.conn?.close();
      this.lost(gen, err as Error);
    }
  }

  /** Names changed by a signal since the last list was asked for. */
  private readonly touched = new Set<string>();

  private onSignal(m: Message): void {
    const name = serviceName(unitOfPath(m.path ?? '') ?? (m.member === 'UnitRemoved' ? m.body[0] : null));
    if (name === null) return;
    if (m.member === 'UnitRemoved') {
      this.byName.delete(name);
      return;
    }
    if (m.member !== 'PropertiesChanged' || !Array.isArray(m.body[1])) return;
    let u = this.byName.get(name);
    if (!u) {
      if (this.byName.size >= MAX_SERVICES) return;
      u = { name, state: 'unknown', subState: '', restarts: 0 };
      this.byName.set(name, u);
    }
    this.touched.add(name);
    for (const kv of m.body[1] as unknown[]) {
      if (!Array.isArray(kv)) continue;
      const [k, v] = kv as [unknown, unknown];
      if (k === 'ActiveState') u.state = stateOf(v);
      else if (k === 'SubState' && typeof v === 'string') u.subState = v.slice(0, 32);
      else if (k === 'NRestarts' && typeof v === 'number') u.restarts = v;
    }
  }

  private lost(gen: number, err?: Error): void {
    if (gen !== this.generation || this.stopped) return;
    this.conn = null;
    this.synced = false;
    const delay = (this.o.retryMs ?? backoffMs)(this.failures++);
    if (this.failures === 1) this.o.log.warn('systemd bus: connection lost or refused; retrying', { socket: this.o.socketPath, error: err?.message, retryMs: delay });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }
}

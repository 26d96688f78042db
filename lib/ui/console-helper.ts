import { DEFAULT_PRESET, PRESET_KEYS, rangeSearch, REFRESH_CHOICES, refreshParam, type PresetKey, type RangeSelection } from './range';
import type { FleetRow } from './fleet';

/**
 * `window.hostwatch`: the dashboard driven from the browser console, as the
 * seed design allowed. Every command goes through what the UI itself uses —
 * the fleet API, the range and refresh URL parameters (lib/ui/range.ts) that
 * the range picker writes — so the page reacts exactly as to a click. Dashboard
 * pages only: share pages never mount it. Pure apart from the injected `io`.
 */
export interface ConsoleIo {
  /** The page's path and query, as window.location has them. */
  location(): { pathname: string; search: string };
  /** history.pushState / replaceState of a query on the current path; the page reads it through useSearchParams. */
  writeSearch(search: string, mode: 'push' | 'replace'): void;
  /** Client-side navigation to another page. */
  navigate(path: string): void;
  /** GET /api/v1/fleet, as the fleet page polls it. */
  fleet(): Promise<{ hosts: FleetRow[] }>;
  /** Fetch every polled answer again now (SWR's global mutate). */
  revalidate(): Promise<unknown>;
  print(text: string): void;
  table(rows: object[]): void;
}

export interface HostSummary {
  name: string;
  id: string;
  status: string;
  cpuPct: number | null;
  memPct: number | null;
  diskPct: number | null;
  lastSeen: string | null;
}

const HOST_PAGE = /^\/hosts\/[^/]+$/;

const HELP = `hostwatch — the dashboard from the console
  hostwatch.hosts()          the fleet as a table (name, status, CPU, memory, disk, last seen); returns the rows
  hostwatch.open('web-1')    open a host's page by name or id
  hostwatch.range('24h')     on a host page: show ${PRESET_KEYS.join(', ')}
  hostwatch.live(true)       on a host page: Live (every second); live(false) goes back to ${DEFAULT_PRESET}
  hostwatch.refresh(5)       on a host page: refresh every ${REFRESH_CHOICES.filter((c) => c.ms > 0).map((c) => c.ms / 1000).join(', ')} s, or 0 for off;
                             refresh() anywhere: fetch everything again now
  hostwatch.help()           this text`;

export type ConsoleHelper = ReturnType<typeof createConsoleHelper>;

export function createConsoleHelper(io: ConsoleIo) {
  const onHostPage = () => HOST_PAGE.test(io.location().pathname);
  /** Refuses, in words, a command that needs a host page; the UI has no such control elsewhere. */
  const needHostPage = (what: string): string => {
    const text = `${what} works on a host page; open one with hostwatch.open('name')`;
    io.print(text);
    return text;
  };
  const select = (sel: RangeSelection) => io.writeSearch(rangeSearch(sel, new URLSearchParams(io.location().search)), 'push');

  return {
    help(): string {
      io.print(HELP);
      return HELP;
    },

    async hosts(): Promise<HostSummary[]> {
      const { hosts } = await io.fleet();
      const rows = hosts.map((h) => ({
        name: h.name,
        id: h.id,
        status: h.status,
        cpuPct: h.headline?.cpuPct ?? null,
        memPct: h.headline?.memPct ?? null,
        diskPct: h.headline?.diskPct ?? null,
        lastSeen: h.lastSeen === null ? null : new Date(h.lastSeen).toISOString(),
      }));
      io.table(rows);
      return rows;
    },

    async open(nameOrId: string): Promise<string> {
      const { hosts } = await io.fleet();
      const wanted = String(nameOrId).toLowerCase();
      const host = hosts.find((h) => h.id === nameOrId) ?? hosts.find((h) => h.name.toLowerCase() === wanted);
      if (!host) {
        const text = `no host named ${JSON.stringify(nameOrId)}; hostwatch.hosts() lists them`;
        io.print(text);
        return text;
      }
      io.navigate(`/hosts/${encodeURIComponent(host.id)}`);
      return `opening ${host.name}`;
    },

    range(key: string): string {
      if (!onHostPage()) return needHostPage('range()');
      if (!(PRESET_KEYS as readonly string[]).includes(key)) {
        const text = `range() takes one of ${PRESET_KEYS.join(', ')}; for Live use hostwatch.live(true)`;
        io.print(text);
        return text;
      }
      select({ kind: 'preset', key: key as PresetKey });
      return `showing ${key}`;
    },

    live(on = true): string {
      if (!onHostPage()) return needHostPage('live()');
      select(on ? { kind: 'live' } : { kind: 'preset', key: DEFAULT_PRESET });
      return on ? 'Live' : `showing ${DEFAULT_PRESET}`;
    },

    async refresh(seconds?: number): Promise<string> {
      if (seconds === undefined) {
        await io.revalidate();
        return 'fetched again';
      }
      if (!onHostPage()) return needHostPage('refresh(seconds)');
      const choice = REFRESH_CHOICES.find((c) => c.ms === seconds * 1000);
      if (!choice) {
        const text = `refresh() takes ${REFRESH_CHOICES.map((c) => c.ms / 1000).join(', ')} seconds (0 is off)`;
        io.print(text);
        return text;
      }
      const next = new URLSearchParams(io.location().search);
      next.set('refresh', refreshParam(choice.ms));
      io.writeSearch(next.toString(), 'replace');
      return choice.ms === 0 ? 'refresh off' : `refreshing every ${choice.label}`;
    },
  };
}

import 'server-only';
import { FAMILIES, FAMILY_NAMES, METRICS, type FamilyName, type MetricName } from '@/lib/metrics/registry';
import { expectedPeriodMs, hostStatus } from '@/lib/query/host-status';
import type { FleetEntry } from '@/lib/store/types';
import { hostLabels, type Labels } from './labels';
import { NAMED_SERIES, PREFIX, type NamedSeries } from './names';
import { Family } from './text-format';

/**
 * Every host's latest values as metric families: the registry's series
 * (names.ts) plus what a scraper needs of the host itself. Values only, no
 * timestamps: Prometheus stamps them at the scrape, and `last_seen` says how
 * old they are. A host is exposed whole or not at all: past the host cap or
 * the output cap the rest are counted as omitted (ordered by name, so which
 * ones is stable).
 */

export interface HostExposeOptions {
  now: number;
  maxHosts: number;
  /** About the bytes of sample lines (UTF-16 units, so multibyte labels count less): the scrape's size cap. */
  maxBytes: number;
}

export interface HostExposition {
  families: Family[];
  exposed: number;
  /** Hosts left out past a cap. */
  omitted: number;
  /** Hosts whose stored state could not be read (left out, logged). */
  unreadable: number;
}

/** Host facts that are not history series: the latest state's own figures. */
function hostFamilies() {
  return {
    up: new Family(`${PREFIX}host_up`, 'gauge', '1 while the host posts about on time (status online), else 0 (stale, offline, or never reported).'),
    lastSeen: new Family(`${PREFIX}host_last_seen_timestamp_seconds`, 'gauge', 'When the server last accepted a batch of the host, Unix time; time() minus it is the age.'),
    skew: new Family(`${PREFIX}host_clock_skew_seconds`, 'gauge', "Server receive time minus the newest sample's timestamp: large means the host's clock is off."),
    dropped: new Family(`${PREFIX}host_dropped_samples_total`, 'counter', 'Samples the collector reported it had to drop (spool full), ever.'),
    memTotal: new Family(`${PREFIX}memory_total_bytes`, 'gauge', 'Memory installed (latest sample).'),
    fsSize: new Family(`${PREFIX}filesystem_size_bytes`, 'gauge', 'Filesystem size per mount (latest sample).'),
  };
}

type Own = ReturnType<typeof hostFamilies>;
type Member = { def: NamedSeries; family: Family };

/** One host's samples into the families; the bytes added. */
function addHost({ host, state }: FleetEntry, own: Own, scalars: Member[], byFamily: Map<FamilyName, Member[]>, now: number): number {
  let added = 0;
  const base = hostLabels(host);
  const lastSeen = state?.lastSeen ?? null;
  added += own.up.add(base, hostStatus(lastSeen, expectedPeriodMs(state?.latest.intervalMs), now) === 'online' ? 1 : 0);
  if (!state) return added;
  const s = state.latest;
  added += own.lastSeen.add(base, state.lastSeen / 1000);
  added += own.skew.add(base, state.clockSkewMs / 1000);
  added += own.dropped.add(base, state.droppedTotal);
  added += own.memTotal.add(base, s.memory.total);
  for (const f of s.filesystems) added += own.fsSize.add([...base, ['mount', f.mount]], f.size);
  for (const { def, family } of scalars) {
    const value = METRICS[def.key as MetricName].read(s);
    if (value !== undefined) added += family.add(base, value);
  }
  for (const name of FAMILY_NAMES) {
    const members = byFamily.get(name)!;
    for (const entity of FAMILIES[name].entities(s)) {
      const labels: Labels = [...base, [members[0]!.def.entityLabel!, entity.key]];
      const values = entity.values as Record<string, number>;
      for (const { def, family } of members) {
        const value = values[def.key];
        if (value !== undefined) added += family.add(labels, value);
      }
    }
  }
  return added;
}

export function exposeHosts(entries: readonly FleetEntry[], options: HostExposeOptions): HostExposition {
  const own = hostFamilies();
  const members: Member[] = NAMED_SERIES.map((def) => ({ def, family: new Family(def.name, 'gauge', def.help) }));
  const scalars = members.filter((m) => m.def.family === null);
  const byFamily = new Map<FamilyName, Member[]>(FAMILY_NAMES.map((f) => [f, members.filter((m) => m.def.family === f)]));
  const families = [...Object.values(own), ...members.map((m) => m.family)];
  const undo = (marks: number[]) =>
    families.forEach((f, i) => {
      const gone = f.lines.splice(marks[i]!);
      f.bytes -= gone.reduce((n, l) => n + l.length, 0);
    });

  const sorted = [...entries].sort((a, b) => a.host.name.localeCompare(b.host.name) || a.host.id.localeCompare(b.host.id));
  let bytes = 0;
  let exposed = 0;
  let unreadable = 0;
  for (const entry of sorted) {
    if (exposed >= options.maxHosts) break;
    const marks = families.map((f) => f.lines.length);
    let added: number;
    try {
      added = addHost(entry, own, scalars, byFamily, options.now);
    } catch (err) {
      // A stored state this release cannot read costs that host its lines, never the scrape.
      undo(marks);
      unreadable++;
      console.error(`Hostwatch Prometheus: host ${entry.host.id}'s latest state could not be exposed: ${(err as Error).message}`);
      continue;
    }
    if (bytes + added > options.maxBytes) {
      // Undo this host: a scrape carries whole hosts, so a cut never reads as a host that lost its disks.
      undo(marks);
      break;
    }
    bytes += added;
    exposed++;
  }
  return { families, exposed, unreadable, omitted: sorted.length - exposed - unreadable };
}

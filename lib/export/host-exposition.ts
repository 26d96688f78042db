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
  omitted: number;
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

export function exposeHosts(entries: readonly FleetEntry[], options: HostExposeOptions): HostExposition {
  const own = hostFamilies();
  const series = new Map<string, { def: NamedSeries; family: Family }>(NAMED_SERIES.map((def) => [def.name, { def, family: new Family(def.name, 'gauge', def.help) }]));
  const scalars = [...series.values()].filter((s) => s.def.family === null);
  const byFamily = new Map<FamilyName, { def: NamedSeries; family: Family }[]>(FAMILY_NAMES.map((f) => [f, [...series.values()].filter((s) => s.def.family === f)]));
  const families = [...Object.values(own), ...[...series.values()].map((s) => s.family)];

  const sorted = [...entries].sort((a, b) => a.host.name.localeCompare(b.host.name) || a.host.id.localeCompare(b.host.id));
  let bytes = 0;
  let exposed = 0;
  for (const { host, state } of sorted) {
    if (exposed >= options.maxHosts) break;
    const marks = families.map((f) => f.lines.length);
    let added = 0;
    const base = hostLabels(host);
    const lastSeen = state?.lastSeen ?? null;
    added += own.up.add(base, hostStatus(lastSeen, expectedPeriodMs(state?.latest.intervalMs), options.now) === 'online' ? 1 : 0);
    if (state) {
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
    }
    if (bytes + added > options.maxBytes) {
      // Undo this host: a scrape carries whole hosts, so a cut never reads as a host that lost its disks.
      families.forEach((f, i) => {
        const gone = f.lines.splice(marks[i]!);
        f.bytes -= gone.reduce((n, l) => n + l.length, 0);
      });
      break;
    }
    bytes += added;
    exposed++;
  }
  return { families, exposed, omitted: sorted.length - exposed };
}

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exposeHosts } from '@/lib/export/host-exposition';
import { NAMED_SERIES } from '@/lib/export/names';
import { exposeSelf } from '@/lib/export/self-exposition';
import { recordIngest, resetHealthCounters } from '@/lib/export/health-metrics';
import { formatFor, writeFamilies, type Format } from '@/lib/export/text-format';
import { FAMILIES, FAMILY_NAMES, METRIC_NAMES } from '@/lib/metrics/registry';
import type { FleetEntry, HostRecord, HostState } from '@/lib/store/types';
import { makeContainer, makeDevices, makeSample, makeService } from '../../support/samples';

const NOW = Date.UTC(2026, 11, 1, 12);

function host(id: string, name: string, tags: string[] = []): HostRecord {
  return { id, name, tags, tokenHash: 'x', disabled: false, createdAt: NOW - 1000 };
}

function state(hostId: string, lastSeen: number, overrides = {}): HostState {
  return {
    hostId,
    lastSeen,
    latest: makeSample(lastSeen - 200, 1, overrides),
    system: null,
    counters: { dropped: 0 } as HostState['counters'],
    droppedTotal: 7,
    clockSkewMs: 200,
    capped: null,
  };
}

function scrape(entries: FleetEntry[], format: Format = 'prometheus', caps = { maxHosts: 100, maxBytes: 1e9 }) {
  const hosts = exposeHosts(entries, { now: NOW, ...caps });
  const self = exposeSelf({ storeRoundTripSeconds: 0.002, hostsOmitted: hosts.omitted, hostsUnreadable: hosts.unreadable, remoteWrite: { queued: 3, capacity: 1000 }, version: '9.9.9' });
  return { text: writeFamilies([...self, ...hosts.families], format), hosts };
}

/** The real linter: Debian's promtool (scripts/install-test-deps.sh installs it). */
function promtool(text: string): { status: number | null; out: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is missing (apt-get install prometheus): ${run.error.message}`);
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

const web1 = host('h1', 'web-1', ['env:prod', 'k8s-cluster=eu.1', 'canary', 'env.x:dup', 'env_x:second']);
const fleet: FleetEntry[] = [
  { host: web1, state: state('h1', NOW - 1000, { containers: [makeContainer('web')], services: [makeService('nginx')], ...makeDevices({ drive: { percentUsed: 3 } }), filesystems: [{ mount: '/mnt/we"ird\\dir\nx', device: '/dev/sdb1', type: 'ext4', size: 1000, used: 500, free: 500, usedPct: 50, inodesUsed: 1, inodesTotal: 10 }] }) },
  { host: host('h2', 'db-1'), state: state('h2', NOW - 3_600_000) },
  { host: host('h3', 'new-1'), state: null },
];

describe('the Prometheus exposition', () => {
  it('passes promtool check metrics in the text format, with every host and the server health', () => {
    resetHealthCounters();
    recordIngest(200, 0.004);
    recordIngest(429, 0.001);
    const { text } = scrape(fleet);
    const lint = promtool(text);
    expect(lint.out).toBe('');
    expect(lint.status).toBe(0);
    const cpu = makeSample(NOW - 1000 - 200, 1).cpu.total;
    expect(text).toContain(`hostwatch_cpu_usage_percent{host="web-1",host_id="h1",tag_env="prod",tag_k8s_cluster="eu.1",tag_canary="true",tag_env_x="dup"} ${cpu}\n`);
    expect(text).toContain('hostwatch_host_up{host="web-1",host_id="h1"');
    expect(text).toMatch(/^hostwatch_host_up\{host="db-1",host_id="h2"\} 0$/m);
    expect(text).toMatch(/^hostwatch_host_up\{host="new-1",host_id="h3"\} 0$/m);
    expect(text).toContain(`hostwatch_host_last_seen_timestamp_seconds{host="db-1",host_id="h2"} ${(NOW - 3_600_000) / 1000}\n`);
    expect(text).not.toMatch(/hostwatch_cpu_usage_percent\{host="new-1"/);
    expect(text).toContain('hostwatch_filesystem_used_percent{host="web-1",host_id="h1",tag_env="prod",tag_k8s_cluster="eu.1",tag_canary="true",tag_env_x="dup",mount="/mnt/we\\"ird\\\\dir\\nx"} 50\n');
    expect(text).toContain('hostwatch_server_ingest_requests_total{outcome="refused"} 1\n');
    expect(text).toContain('hostwatch_server_ingest_duration_seconds_bucket{le="0.005"} 2\n');
    expect(text).toContain('hostwatch_server_remote_write_queue_samples 3\n');
    expect(text).toContain('# TYPE hostwatch_host_dropped_samples_total counter\n');
    expect(text).not.toContain('# EOF');
  });

  it('has a series of every registry metric and family metric for a host that sent them', () => {
    const { text } = scrape(fleet.slice(0, 1));
    for (const d of NAMED_SERIES) expect(text, d.name).toMatch(new RegExp(`^${d.name}\\{host="web-1"`, 'm'));
    expect(NAMED_SERIES).toHaveLength(METRIC_NAMES.length + FAMILY_NAMES.reduce((n, f) => n + Object.keys(FAMILIES[f].metrics).length, 0));
  });

  it('names by convention: unique, valid, the unit in the name, no _total on gauges', () => {
    const names = NAMED_SERIES.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of NAMED_SERIES) {
      expect(d.name).toMatch(/^hostwatch_[a-z0-9_]+$/);
      expect(d.name.endsWith('_total')).toBe(false);
      const suffix = { pct: /_percent$/, bytes: /_bytes$/, celsius: /_celsius$/, rate: /_per_second$/, number: /^(?!.*_(bytes|percent)$)/ }[d.unit];
      expect(d.name, d.key).toMatch(suffix);
    }
    expect(names).toContain('hostwatch_network_receive_bytes_per_second');
    expect(names).toContain('hostwatch_disk_reads_per_second');
    expect(names).toContain('hostwatch_network_receive_errors_per_second');
    expect(names).toContain('hostwatch_load1');
  });

  it('speaks OpenMetrics when asked: counters named without _total in TYPE, # EOF at the end', () => {
    expect(formatFor('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')).toBe('openmetrics');
    expect(formatFor('text/plain')).toBe('prometheus');
    expect(formatFor(null)).toBe('prometheus');
    const { text } = scrape(fleet, 'openmetrics');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE hostwatch_server_ingest_requests counter\n');
    expect(text).toContain('hostwatch_server_ingest_requests_total{outcome="accepted"}');
    expect(text.split('\n').filter((l) => l === '# EOF')).toHaveLength(1);
  });

  it('carries whole hosts only, up to the host cap and the size cap, and counts the rest', () => {
    const capped = scrape(fleet, 'prometheus', { maxHosts: 1, maxBytes: 1e9 });
    expect(capped.hosts).toMatchObject({ exposed: 1, omitted: 2, unreadable: 0 });
    // Sorted by name: db-1 comes first.
    expect(capped.text).toContain('host="db-1"');
    expect(capped.text).not.toContain('host="web-1"');
    expect(capped.text).toContain('hostwatch_server_prometheus_hosts_omitted 2\n');
    // Room for web-1's lines: db-1 (as big) and new-1 fit, web-1 then does not, and none of its lines stay.
    const one = exposeHosts([fleet[0]!], { now: NOW, maxHosts: 100, maxBytes: 1e9 }).families.reduce((n, f) => n + f.bytes, 0);
    const sized = exposeHosts(fleet, { now: NOW, maxHosts: 100, maxBytes: one });
    expect(sized).toMatchObject({ exposed: 2, omitted: 1 });
    expect(writeFamilies(sized.families, 'prometheus')).not.toContain('host="web-1"');
    expect(sized.families.every((f) => f.bytes === f.lines.reduce((n, l) => n + l.length, 0))).toBe(true);
    expect(promtool(writeFamilies(sized.families, 'prometheus')).status).toBe(0);
  });

  it('leaves out a host whose stored state cannot be read, and only that host', () => {
    const broken = { host: host('h9', 'broken-1'), state: { ...state('h9', NOW - 1000), latest: { ...makeSample(NOW), filesystems: undefined } } } as unknown as FleetEntry;
    const { text, hosts } = scrape([...fleet, broken]);
    expect(hosts).toMatchObject({ exposed: 3, omitted: 0, unreadable: 1 });
    expect(text).not.toContain('host="broken-1"');
    expect(text).toContain('hostwatch_server_prometheus_hosts_unreadable 1\n');
    expect(promtool(text).status).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { FAMILIES, FAMILY_NAMES, METRICS, familyPart, unitOf } from '@/lib/metrics/registry';
import { CHART_METRICS } from '@/lib/ui/chart-specs';
import { depthSections, depthSeriesKey, entitiesOf, entityLabel, sectionMetrics, seriesName, type SectionRegistry } from '@/lib/ui/depth-sections';
import { sample } from '../../integration/store/sample';

describe('depth sections from the series registry', () => {
  it('gives every family a titled section with a chart for each of its metrics, each with a label and a unit', () => {
    const sections = depthSections();
    for (const family of FAMILY_NAMES) {
      const section = sections.find((s) => s.family === family);
      expect(section, family).toBeDefined();
      expect(section!.title.length).toBeGreaterThan(0);
      const drawn = section!.charts.flatMap((c) => c.series.map((s) => s.metric));
      expect(drawn.sort()).toEqual(Object.keys(FAMILIES[family].metrics).sort());
      for (const chart of section!.charts) {
        expect(chart.title.length).toBeGreaterThan(0);
        expect(['pct', 'bytes', 'rate', 'number', 'celsius']).toContain(chart.unit);
        for (const s of chart.series) expect(s.label.length, s.metric).toBeGreaterThan(0);
      }
    }
  });

  it('draws on one chart only series that share a display unit', () => {
    const registry = { ...FAMILIES } as Record<string, { metrics: Record<string, { unit: string; display?: string; chart?: string }> }>;
    for (const section of depthSections()) {
      if (!section.family) continue;
      const metrics = registry[section.family]!.metrics;
      for (const chart of section.charts) for (const s of chart.series) expect(metrics[s.metric]!.display ?? metrics[s.metric]!.unit).toBe(chart.unit);
    }
  });

  it('shows the depth the collector sends: disk IOPS and busy, interface packets, errors and drops, inodes, cores', () => {
    const charts = (id: string) => depthSections().find((s) => s.id === id)!.charts.map((c) => c.title);
    expect(charts('disks')).toEqual(['Throughput', 'Operations per second (IOPS)', 'Busy time']);
    expect(charts('interfaces')).toEqual(['Traffic', 'Packets per second', 'Errors and drops per second']);
    expect(charts('filesystems')).toEqual(['Space used', 'Inodes used']);
    expect(depthSections().find((s) => s.id === 'cores')!.title).toBe('CPU cores');
  });

  it('adds a section for a new family, and a chart for a new metric, with no other edit', () => {
    const registry: SectionRegistry = {
      families: {
        ...FAMILIES,
        tpus: { entity: 'TPU', metrics: { 'tpu.busy': { label: 'Busy', unit: 'pct' }, 'tpu.mem': { label: 'Memory', unit: 'bytes', chart: 'TPU memory' } } },
      },
      metrics: { ...METRICS, 'fd.open': { label: 'Open files', unit: 'number', group: 'cpu' } },
    };
    const sections = depthSections(registry);
    const tpus = sections.find((s) => s.id === 'tpus')!;
    expect(tpus.title).toBe('TPUs');
    expect(tpus.charts.map((c) => [c.title, c.unit])).toEqual([
      ['Busy', 'pct'],
      ['TPU memory', 'bytes'],
    ]);
    const system = sections.find((s) => s.id === 'system')!;
    expect(system.charts.flatMap((c) => c.series.map((s) => s.metric))).toContain('fd.open');
    expect(depthSections().some((s) => s.id === 'tpus')).toBe(false);
  });

  it('puts the scalars the headline charts leave out into one section, context switches, interrupts and swap among them', () => {
    const system = depthSections().find((s) => s.id === 'system')!;
    const metrics = system.charts.flatMap((c) => c.series.map((s) => s.metric));
    expect(metrics).toEqual(expect.arrayContaining(['cpu.ctxt', 'cpu.intr', 'swap.used', 'swap.total']));
    expect(metrics).not.toContain('cpu.user');
    expect(metrics).not.toContain('temp.max');
    // a headline chart's series comes here only when its registry entry names a chart of this section
    const named = (m: string) => (METRICS as Record<string, { chart?: string }>)[m]!.chart !== undefined;
    for (const m of metrics) expect(CHART_METRICS.includes(m as never) && !named(m), m).toBe(false);
    const ctxt = system.charts.find((c) => c.series.some((s) => s.metric === 'cpu.ctxt'))!;
    expect(ctxt.unit).toBe('number');
    expect(ctxt.series.map((s) => s.metric)).toEqual(['cpu.ctxt', 'cpu.intr']);
  });
});

describe('entities and series of a section', () => {
  const s = sample(1_000, { filesystems: { '/var': 10, '/': 20, '/a,b': 1 }, temperatures: [40, 50] });
  s.cpu.cores = Array.from({ length: 12 }, () => 5);
  s.disk.devices = [
    { name: 'sdb', readBps: 1, writeBps: 1, readsPerSec: 1, writesPerSec: 1, busyPct: 1 },
    { name: 'sda', readBps: 1, writeBps: 1, readsPerSec: 1, writesPerSec: 1, busyPct: 1 },
  ];

  it('lists entities from the newest sample in natural order, leaving out names the comma-separated API cannot ask for', () => {
    expect(entitiesOf('disks', s)).toEqual(['sda', 'sdb']);
    expect(entitiesOf('cores', s).slice(0, 3)).toEqual(['0', '1', '2']);
    expect(entitiesOf('cores', s).at(-1)).toBe('11');
    expect(entitiesOf('filesystems', s)).toEqual(['/', '/var']);
    expect(entitiesOf('interfaces', s)).toEqual([]);
  });

  it('asks for registry series names the store keeps, for one entity', () => {
    const disks = depthSections().find((x) => x.id === 'disks')!;
    const names = sectionMetrics(disks, 'sda');
    expect(names).toContain('disk.busy:sda');
    for (const n of names) {
      expect(familyPart(n)).toEqual(expect.objectContaining({ family: 'disks', entity: 'sda' }));
      expect(unitOf(n)).not.toBeNull();
    }
    expect(sectionMetrics(disks, null)).toEqual([]);
    expect(seriesName(disks, 'disk.read', 'sda')).toBe('disk.read:sda');
    const cores = depthSections().find((x) => x.id === 'cores')!;
    expect(entityLabel(cores, '3')).toBe('CPU core 3');
    expect(entityLabel(disks, 'sda')).toBe('sda');
  });

  it('builds the series request with encoded names and the page range', () => {
    const key = depthSeriesKey('/api/v1/hosts/h1/series', ['fs:/var/lib', 'fs.inodes:/var/lib'], { kind: 'preset', key: '24h' });
    expect(key).toBe('/api/v1/hosts/h1/series?metrics=fs%3A%2Fvar%2Flib,fs.inodes%3A%2Fvar%2Flib&range=24h&points=600');
    const params = new URL(key, 'http://x').searchParams;
    expect(params.get('metrics')!.split(',')).toEqual(['fs:/var/lib', 'fs.inodes:/var/lib']);
  });
});

import { describe, expect, it } from 'vitest';
import { filterProcesses, sortProcesses } from '@/lib/ui/processes';
import { sparkPath } from '@/lib/ui/sparkline';

describe('sparkPath', () => {
  it('scales into the box and breaks the line at gaps', () => {
    expect(sparkPath([0, 50, null, 100], 30, 10, [0, 100])).toBe('M0 10L10 5M30 0');
    expect(sparkPath([null, null], 30, 10)).toBe('');
    // a flat line sits at the bottom instead of dividing by zero
    expect(sparkPath([5, 5], 10, 10)).toBe('M0 10L10 10');
  });
});

const procs = [
  { pid: 3, name: 'nginx', user: 'www', cpuPct: 5, memPct: 1, rss: 10, command: 'nginx: worker' },
  { pid: 1, name: 'systemd', user: 'root', cpuPct: 0.1, memPct: 0.5, rss: 5, command: '/sbin/init' },
  { pid: 7, name: 'postgres', user: 'postgres', cpuPct: 20, memPct: 9, rss: 900, command: 'postgres: writer' },
];

describe('process table', () => {
  it('sorts by cpu, memory and name, either way', () => {
    expect(sortProcesses(procs, 'cpu').map((p) => p.pid)).toEqual([7, 3, 1]);
    expect(sortProcesses(procs, 'mem').map((p) => p.pid)).toEqual([7, 3, 1]);
    expect(sortProcesses(procs, 'name').map((p) => p.name)).toEqual(['nginx', 'postgres', 'systemd']);
    expect(sortProcesses(procs, 'name', true).map((p) => p.name)).toEqual(['systemd', 'postgres', 'nginx']);
    expect(sortProcesses(procs, 'pid').map((p) => p.pid)).toEqual([1, 3, 7]);
  });

  it('filters by name, command, user or exact pid', () => {
    expect(filterProcesses(procs, 'POST').map((p) => p.pid)).toEqual([7]);
    expect(filterProcesses(procs, 'init').map((p) => p.pid)).toEqual([1]);
    expect(filterProcesses(procs, '3').map((p) => p.pid)).toEqual([3]);
    expect(filterProcesses(procs, '  ')).toHaveLength(3);
  });
});

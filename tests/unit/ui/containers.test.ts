import { describe, expect, it } from 'vitest';
import { containerTone, filterContainers, sortContainers, stackedContainers, STACK_MAX, uptimeMs } from '@/lib/ui/containers';
import type { Container } from '@/lib/wire/contract';

const NOW = 1_800_000_000_000;
const c = (name: string, over: Partial<Container> = {}): Container => ({
  id: `${name}000000000000`.slice(0, 12), name, image: `${name}:1`, state: 'running', health: 'none', restarts: 0, startedAt: NOW - 60_000,
  cpuPct: 1, memUsed: 1, memLimit: 0, memCache: 0, blkReadBps: 0, blkWriteBps: 0, netRxBps: 0, netTxBps: 0, pids: 1, ...over,
});

describe('containers table', () => {
  const rows = [c('web', { cpuPct: 30, memUsed: 10, netRxBps: 5 }), c('db', { cpuPct: 5, memUsed: 99, image: 'postgres:17', startedAt: NOW - 3_600_000 }), c('job2', { state: 'exited', cpuPct: 0, startedAt: 0 }), c('job10', { state: 'exited', cpuPct: 0, startedAt: 0 })];

  it('sorts numbers largest first, names in natural order, and flips', () => {
    expect(sortContainers(rows, 'cpu', false, NOW).map((r) => r.name)).toEqual(['web', 'db', 'job2', 'job10']);
    expect(sortContainers(rows, 'mem', false, NOW).map((r) => r.name)[0]).toBe('db');
    expect(sortContainers(rows, 'name', false, NOW).map((r) => r.name)).toEqual(['db', 'job2', 'job10', 'web']);
    expect(sortContainers(rows, 'name', true, NOW).map((r) => r.name)).toEqual(['web', 'job10', 'job2', 'db']);
    // Stopped containers have no uptime and sort after every running one.
    expect(sortContainers(rows, 'uptime', false, NOW).map((r) => r.name).slice(0, 2)).toEqual(['db', 'web']);
    expect(sortContainers(rows, 'net', false, NOW)[0]!.name).toBe('web');
  });

  it('filters on name, image, state and health', () => {
    expect(filterContainers(rows, 'POSTGRES').map((r) => r.name)).toEqual(['db']);
    expect(filterContainers(rows, 'exited').map((r) => r.name)).toEqual(['job2', 'job10']);
    expect(filterContainers(rows, '  ')).toHaveLength(4);
  });

  it('has an uptime only while running with a known start', () => {
    expect(uptimeMs(rows[1]!, NOW)).toBe(3_600_000);
    expect(uptimeMs(rows[2]!, NOW)).toBeNull();
    expect(uptimeMs(c('x', { startedAt: NOW + 5 }), NOW)).toBeNull();
  });

  it('marks unhealthy and restarting containers as needing attention', () => {
    expect(containerTone(c('a', { health: 'unhealthy' }))).toBe('bad');
    expect(containerTone(c('a', { state: 'restarting' }))).toBe('bad');
    expect(containerTone(c('a'))).toBe('ok');
    expect(containerTone(c('a', { state: 'exited' }))).toBe('idle');
  });

  it('stacks the busiest running containers, at most STACK_MAX, never a name the API cannot take', () => {
    const many = [...Array.from({ length: 20 }, (_, i) => c(`c${i}`, { cpuPct: i })), c('a,b', { cpuPct: 99 }), c('off', { state: 'exited', cpuPct: 0 })];
    const s = stackedContainers(many);
    expect(s.names).toHaveLength(STACK_MAX);
    expect(s.names[0]).toBe('c19');
    expect(s.names).not.toContain('a,b');
    expect(s.cpu[0]).toBe('ctr.cpu:c19');
    expect(s.mem[0]).toBe('ctr.mem:c19');
  });
});

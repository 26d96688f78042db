import { describe, expect, it } from 'vitest';
import { globMatches } from '@/lib/alerts/entity-pattern';
import { checkRule } from '@/lib/alerts/rules';
import { seriesNeeded } from '@/lib/alerts/backtest';
import { signalByName } from '@/lib/alerts/signals';
import type { Container, Sample } from '@/lib/wire/contract';
import { makeSample } from '../../support/samples';
import { rule, Run, T0 } from './fixtures';

const s = (sec: number) => T0 + sec * 1000;

function ctr(name: string, over: Partial<Container> = {}): Container {
  return {
    id: 'a'.repeat(64), name, image: 'img:1', state: 'running', health: 'none', restarts: 0, startedAt: T0 - 60_000,
    cpuPct: 1, memUsed: 100, memLimit: 0, memCache: 0, blkReadBps: 0, blkWriteBps: 0, netRxBps: 0, netTxBps: 0, pids: 1, ...over,
  };
}

const at = (ts: number, containers: Container[]): Sample => ({ ...makeSample(ts), containers });

const containerRule = (signal: string, condition: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  rule({ condition: { kind: 'metric', signal, op: 'above', threshold: 0.5, ...condition }, ...rest });

describe('name patterns', () => {
  it('match the whole name with * and ?', () => {
    expect(globMatches('web-*', 'web-1')).toBe(true);
    expect(globMatches('web-*', 'old-web-1')).toBe(false);
    expect(globMatches('*db*', 'main-db-2')).toBe(true);
    expect(globMatches('db-?', 'db-1')).toBe(true);
    expect(globMatches('db-?', 'db-10')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatches('a*b*c', 'axxbyy')).toBe(false);
    // Regex syntax is plain text here.
    expect(globMatches('web.(1)', 'web.(1)')).toBe(true);
    expect(globMatches('web.(1)', 'webx(1)')).toBe(false);
  });

  it('stay cheap for a pattern of many stars against a long name', () => {
    const pattern = `${'*a'.repeat(60)}*b`;
    expect(globMatches(pattern, 'a'.repeat(512))).toBe(false);
  });
});

describe('container conditions', () => {
  it('fires "container stopped" for the containers matching the pattern only, each on its own', () => {
    const run = new Run(containerRule('ctr.stopped', { entityPattern: 'web-*' }));
    run.batch([at(s(0), [ctr('web-1'), ctr('web-2'), ctr('db')])]);
    expect(run.kinds()).toEqual([]);
    run.batch([at(s(10), [ctr('web-1', { state: 'exited' }), ctr('web-2'), ctr('db', { state: 'exited' })])]);
    expect(run.kinds()).toEqual(['firing@10:web-1']);
    run.batch([at(s(20), [ctr('web-1'), ctr('web-2', { state: 'dead' }), ctr('db', { state: 'exited' })])]);
    expect(run.kinds()).toEqual(['firing@10:web-1', 'resolved@20:web-1', 'firing@20:web-2']);
  });

  it('fires "unhealthy" after its for-duration, and "restarting" while in a restart loop', () => {
    const unhealthy = new Run(containerRule('ctr.unhealthy', {}, { forMs: 30_000 }));
    unhealthy.batch([at(s(0), [ctr('api', { health: 'unhealthy' })])]);
    unhealthy.batch([at(s(20), [ctr('api', { health: 'unhealthy' })])]);
    expect(unhealthy.status('api')).toBe('pending');
    unhealthy.batch([at(s(30), [ctr('api', { health: 'unhealthy' })])]);
    expect(unhealthy.kinds()).toEqual(['firing@30:api']);
    unhealthy.batch([at(s(40), [ctr('api', { health: 'healthy' })])]);
    expect(unhealthy.kinds()).toEqual(['firing@30:api', 'resolved@40:api']);

    const restarting = new Run(containerRule('ctr.restarting'));
    restarting.batch([at(s(0), [ctr('w', { state: 'restarting' })])]);
    expect(restarting.kinds()).toEqual(['firing@0:w']);
    const restarts = new Run(containerRule('ctr.restarts', { threshold: 3 }));
    restarts.batch([at(s(0), [ctr('w', { restarts: 3 })]), at(s(5), [ctr('w', { restarts: 4 })])]);
    expect(restarts.kinds()).toEqual(['firing@5:w']);
  });

  it('fires on container CPU and memory above a threshold by name pattern, from the registry family signals', () => {
    const cpu = new Run(rule({ condition: { kind: 'metric', signal: 'ctr.cpu', entityPattern: 'batch-*', op: 'above', threshold: 40 } }));
    cpu.batch([at(s(0), [ctr('batch-1', { cpuPct: 45 }), ctr('web', { cpuPct: 90 })])]);
    expect(cpu.kinds()).toEqual(['firing@0:batch-1']);
    const mem = new Run(rule({ condition: { kind: 'metric', signal: 'ctr.mem', entity: 'web', op: 'above', threshold: 1e9 } }));
    mem.batch([at(s(0), [ctr('web', { memUsed: 2e9 }), ctr('other', { memUsed: 5e9 })])]);
    expect(mem.kinds()).toEqual(['firing@0:web']);
    // A stopped container has no usage series: a CPU rule judges nothing for it.
    const stoppedCpu = new Run(rule({ condition: { kind: 'metric', signal: 'ctr.cpu', op: 'below', threshold: 1 } }));
    stoppedCpu.batch([at(s(0), [ctr('gone', { state: 'exited', cpuPct: 0 })])]);
    expect(stoppedCpu.kinds()).toEqual([]);
  });

  it('a host without containers gives container rules nothing to judge', () => {
    const run = new Run(containerRule('ctr.stopped'));
    run.batch([makeSample(s(0))]);
    expect(run.kinds()).toEqual([]);
    expect(run.states.size).toBe(0);
  });

  it('checks patterns: family signals only, not with one entity', () => {
    const paths = (condition: Record<string, unknown>) => {
      const r = checkRule({ name: 'r', condition: { kind: 'metric', op: 'above', threshold: 0.5, ...condition } }, { channelIds: new Set<string>() });
      return r.ok ? [] : r.errors.map((e) => e.path);
    };
    expect(paths({ signal: 'ctr.stopped', entityPattern: 'web-*' })).toEqual([]);
    expect(paths({ signal: 'cpu.total', entityPattern: 'web-*' })).toEqual(['condition.entityPattern']);
    expect(paths({ signal: 'ctr.cpu', entity: 'web', entityPattern: 'web-*' })).toEqual(['condition.entityPattern']);
    expect(paths({ signal: 'ctr.cpu', entityPattern: 'x'.repeat(129) })).toEqual(['condition.entityPattern']);
  });

  it('backtests container usage from the stored series, the pattern choosing them; states cannot be', () => {
    const names = ['cpu.total', 'ctr.cpu:web-1', 'ctr.cpu:web-2', 'ctr.cpu:db', 'ctr.mem:web-1'];
    expect(seriesNeeded(rule({ condition: { kind: 'metric', signal: 'ctr.cpu', entityPattern: 'web-*', op: 'above', threshold: 40 } }), names)).toEqual(['ctr.cpu:web-1', 'ctr.cpu:web-2']);
    expect(signalByName('ctr.stopped')?.history.kind).toBe('none');
  });
});

import { describe, expect, it } from 'vitest';
import { checkRule } from '@/lib/alerts/rules';
import { seriesNeeded } from '@/lib/alerts/backtest';
import { signalByName } from '@/lib/alerts/signals';
import type { Sample, Service } from '@/lib/wire/contract';
import { makeSample } from '../../support/samples';
import { rule, Run, T0 } from './fixtures';

const s = (sec: number) => T0 + sec * 1000;
const svc = (name: string, over: Partial<Service> = {}): Service => ({ name, state: 'active', subState: 'running', restarts: 0, cpuPct: 1, memUsed: 100, ...over });
const at = (ts: number, services: Service[]): Sample => ({ ...makeSample(ts), services });
const serviceRule = (signal: string, condition: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) =>
  rule({ condition: { kind: 'metric', signal, op: 'above', threshold: 0.5, ...condition }, ...rest });

describe('service conditions', () => {
  it('fires "service failed" for the services matching the pattern only, each on its own, and resolves when it is active again', () => {
    const run = new Run(serviceRule('svc.failed', { entityPattern: 'nginx*' }));
    run.batch([at(s(0), [svc('nginx'), svc('nginx-exporter'), svc('backup')])]);
    expect(run.kinds()).toEqual([]);
    run.batch([at(s(10), [svc('nginx', { state: 'failed', subState: 'failed' }), svc('nginx-exporter'), svc('backup', { state: 'failed' })])]);
    expect(run.kinds()).toEqual(['firing@10:nginx']);
    run.batch([at(s(20), [svc('nginx'), svc('nginx-exporter', { state: 'failed' }), svc('backup', { state: 'failed' })])]);
    expect(run.kinds()).toEqual(['firing@10:nginx', 'resolved@20:nginx', 'firing@20:nginx-exporter']);
  });

  it('fires "not running" for inactive, failed and still-starting services after its for-duration, not for reloading ones', () => {
    const run = new Run(serviceRule('svc.down', { entity: 'api' }, { forMs: 30_000 }));
    run.batch([at(s(0), [svc('api', { state: 'inactive', subState: 'dead' }), svc('other', { state: 'inactive' })])]);
    expect(run.status('api')).toBe('pending');
    run.batch([at(s(15), [svc('api', { state: 'activating', subState: 'auto-restart' })])]);
    run.batch([at(s(30), [svc('api', { state: 'failed' })])]);
    expect(run.kinds()).toEqual(['firing@30:api']);
    run.batch([at(s(40), [svc('api', { state: 'reloading' })])]);
    expect(run.kinds()).toEqual(['firing@30:api', 'resolved@40:api']);
  });

  it('fires on restarts above a threshold and on service CPU from the registry family', () => {
    const restarts = new Run(serviceRule('svc.restarts', { threshold: 3 }));
    restarts.batch([at(s(0), [svc('w', { restarts: 3 })]), at(s(5), [svc('w', { restarts: 4 })])]);
    expect(restarts.kinds()).toEqual(['firing@5:w']);
    const cpu = new Run(rule({ condition: { kind: 'metric', signal: 'svc.cpu', entityPattern: 'php-*', op: 'above', threshold: 40 } }));
    cpu.batch([at(s(0), [svc('php-fpm', { cpuPct: 55 }), svc('postgres', { cpuPct: 90 }), svc('php-old', { state: 'failed', cpuPct: 0 })])]);
    expect(cpu.kinds()).toEqual(['firing@0:php-fpm']);
  });

  it('a host without services gives service rules nothing to judge', () => {
    const run = new Run(serviceRule('svc.failed'));
    run.batch([makeSample(s(0))]);
    expect(run.kinds()).toEqual([]);
    expect(run.states.size).toBe(0);
  });

  it('checks rules: a pattern is fine, an entity on a scalar signal is not; states cannot be backtested, usage can', () => {
    const paths = (condition: Record<string, unknown>) => {
      const r = checkRule({ name: 'r', condition: { kind: 'metric', op: 'above', threshold: 0.5, ...condition } }, { channelIds: new Set<string>() });
      return r.ok ? [] : r.errors.map((e) => e.path);
    };
    expect(paths({ signal: 'svc.failed', entityPattern: 'nginx*' })).toEqual([]);
    expect(paths({ signal: 'svc.down', entity: 'nginx', entityPattern: 'n*' })).toEqual(['condition.entityPattern']);
    expect(signalByName('svc.failed')?.history.kind).toBe('none');
    expect(signalByName('svc.down')?.group).toBe('services');
    const names = ['cpu.total', 'svc.cpu:nginx', 'svc.cpu:php-fpm', 'svc.mem:nginx'];
    expect(seriesNeeded(rule({ condition: { kind: 'metric', signal: 'svc.cpu', entityPattern: 'php-*', op: 'above', threshold: 40 } }), names)).toEqual(['svc.cpu:php-fpm']);
  });
});

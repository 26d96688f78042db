import { describe, expect, it } from 'vitest';
import { MAX_ALERT_EVENTS, MAX_LOG_PER_CHANNEL } from '@/lib/store/alert-port';
import { alertLimits, checkCommit, checkFilter, DEFAULT_ALERT_LIMITS, isId, MAX_COMMIT_ITEMS, readStored } from '@/lib/store/alert-records';
import { corruptRowsSkipped } from '@/lib/store/decode';
import { alertKeys, RedisKeys } from '@/lib/store/redis/keys';
import { commitOf, event, key, state } from '../../integration/store/alert-fixtures';

/** The Cluster hash tag of a key, as Redis computes it: the text between the first `{` and the next `}`, when not empty. */
function hashTag(k: string): string {
  const open = k.indexOf('{');
  const close = open < 0 ? -1 : k.indexOf('}', open + 1);
  return close > open + 1 ? k.slice(open + 1, close) : k;
}

describe('alert store records', () => {
  it('defaults its caps to the port’s constants and refuses a cap below 1', () => {
    expect(DEFAULT_ALERT_LIMITS).toMatchObject({ maxEvents: MAX_ALERT_EVENTS, maxLogPerChannel: MAX_LOG_PER_CHANNEL });
    expect(alertLimits({ maxEvents: 5 }).maxEvents).toBe(5);
    expect(() => alertLimits({ maxEvents: 0 })).toThrow(/maxEvents/);
  });

  it('accepts a commit whose states follow their expected versions', () => {
    const k = key('r1', 'h1', '/');
    const c = checkCommit(commitOf({ create: [state(k, 0)], states: [{ key: key('r1', 'h2'), expectedVersion: 4, state: state(key('r1', 'h2'), 5) }], events: [event()] }));
    expect(c.states.map((s) => [s.key, s.expectedVersion, s.state?.version])).toEqual([
      ['r1\u0000h1\u0000/', null, 0],
      ['r1\u0000h2\u0000', 4, 5],
    ]);
  });

  it('refuses a commit naming the field: version not expected + 1, key not the state’s, a state twice, NUL in an id, too many items', () => {
    const k = key('r1', 'h1');
    const bad = (c: Parameters<typeof checkCommit>[0]) => {
      try {
        checkCommit(c);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(bad(commitOf({ states: [{ key: k, expectedVersion: 1, state: state(k, 1) }] }))).toMatch(/^states\.0\.state\.version /);
    expect(bad(commitOf({ states: [{ key: k, expectedVersion: null, state: state(key('r1', 'h9'), 0) }] }))).toMatch(/^states\.0\.state /);
    expect(bad(commitOf({ create: [state(k, 0)], states: [{ key: k, expectedVersion: 0, state: null }] }))).toMatch(/^states\.1\.key /);
    expect(bad(commitOf({ states: [{ key: key('r\u0000h', 'x'), expectedVersion: null, state: null }] }))).toMatch(/^states\.0\.key\.ruleId .*NUL/);
    expect(bad(commitOf({ states: [{ key: k, expectedVersion: -1, state: null }] }))).toMatch(/^states\.0\.expectedVersion /);
    expect(bad(commitOf({ events: [{ ...event(), severity: 'info' as 'warning' }] }))).toMatch(/^events\.0\.severity /);
    expect(bad(commitOf({ events: Array.from({ length: MAX_COMMIT_ITEMS + 1 }, () => event()) }))).toMatch(/^events /);
  });

  it('reads stored JSON back through the schema; anything else is null and counted', () => {
    const ev = event();
    expect(readStored('event', JSON.stringify(ev))).toEqual(ev);
    const before = corruptRowsSkipped();
    expect(readStored('event', '{"id":')).toBeNull();
    expect(readStored('event', JSON.stringify({ ...ev, at: 'yesterday' }))).toBeNull();
    expect(readStored('event', null)).toBeNull();
    expect(corruptRowsSkipped() - before).toBe(3);
  });

  it('takes a lookup id no record can have for none, and a filter naming one for an empty answer', () => {
    expect(isId('h1')).toBe(true);
    expect(isId('')).toBe(false);
    expect(isId('x'.repeat(65))).toBe(false);
    expect(isId('a\u0000b')).toBe(false);
    expect(checkFilter({ hostId: 'x'.repeat(65), limit: 10 })).toBeNull();
    expect(checkFilter({ limit: 10 })).toMatchObject({ from: -Infinity, to: Infinity, limit: 10 });
    expect(() => checkFilter({ limit: 0 })).toThrow(/limit/);
  });

  it('puts every alert key in the one `{alerts}` Cluster slot, whatever the ids hold', () => {
    const k = new RedisKeys('hw:').alerts();
    expect(k.base).toBe('hw:{alerts}:');
    const hostile = '}{x}{';
    const all = [
      k.rules, k.channels, k.windows, k.silences, k.stateHosts, k.events, k.eventTags, k.eventTimes, k.due, k.done,
      k.states(hostile), k.ruleHosts(hostile), k.hostEvents(hostile), k.ruleEvents(hostile), k.delivery(hostile), k.log(hostile), k.lease(hostile),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) expect(hashTag(name)).toBe('alerts');
    expect(alertKeys('p:').states('h1')).toBe('p:st:h1');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '@/lib/store/sqlite/group-commit';
import type { WalSync } from '@/lib/store/sqlite/wal-sync';

/** A WAL sync the test finishes by hand, so a group's wait for the disk is a step of the test, not a duration. */
function handSync() {
  const pending: (() => void)[] = [];
  const sync = { sync: () => new Promise<void>((resolve) => pending.push(resolve)) } as unknown as WalSync;
  return { sync, finish: () => pending.splice(0).forEach((r) => r()), waiting: () => pending.length };
}

describe('GroupCommit', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('gathers what arrives during a sync into the next group, started no sooner than the interval after the last', async () => {
    const groups: string[][] = [];
    const disk = handSync();
    const commits = new GroupCommit<string, string>((jobs) => (groups.push([...jobs]), jobs.map((j) => `stored ${j}`)), disk.sync, 4);

    const a = commits.submit('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([['a']]);
    const b = commits.submit('b');
    const c = commits.submit('c');
    disk.finish();
    await expect(a).resolves.toBe('stored a');

    await vi.advanceTimersByTimeAsync(3);
    expect(groups).toHaveLength(1); // 3 ms after a's group started: b and c wait
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([['a'], ['b', 'c']]);
    disk.finish();
    await expect(Promise.all([b, c])).resolves.toEqual(['stored b', 'stored c']);
  });

  it('commits a batch after a quiet spell at once, and each failed job alone', async () => {
    const groups: string[][] = [];
    const disk = handSync();
    const commits = new GroupCommit<string, string>((jobs) => (groups.push([...jobs]), jobs.map((j) => (j === 'bad' ? new Error('no') : j))), disk.sync, 4);
    const first = commits.submit('x');
    await vi.advanceTimersByTimeAsync(0);
    disk.finish();
    await first;

    await vi.advanceTimersByTimeAsync(60_000);
    const [good, bad] = [commits.submit('y'), commits.submit('bad')];
    bad.catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([['x'], ['y', 'bad']]);
    disk.finish();
    await expect(good).resolves.toBe('y');
    await expect(bad).rejects.toThrow();
  });
});

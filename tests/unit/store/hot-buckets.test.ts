import { describe, expect, it } from 'vitest';
import { HotBuckets, type BatchBucket } from '@/lib/store/redis/hot-buckets';

const bucket = (key: string, field: string, ...adds: [number[], number[]][]): BatchBucket => ({
  key,
  field,
  adds: adds.map(([columns, values]) => ({ columns, values })),
});

describe('the rollup buckets a server process offers the ingest script', () => {
  it('believes a bucket it has not written is absent, and offers the batch alone', () => {
    const hot = new HotBuckets();
    expect(hot.offer('h', [bucket('k1', '3', [[0, 1], [10, 20]], [[0], [30]])])).toEqual(['', '0,40,2,10,30;1,20,1,20,20']);
  });

  it('believes what it wrote: its own merge where the script took it, the script’s text where it did not', () => {
    const hot = new HotBuckets();
    const buckets = [bucket('k1', '3', [[0], [10]]), bucket('k2', '0', [[0], [10]])];
    const offered = hot.offer('h', buckets);
    hot.settle('h', buckets, offered, [1, '', 2, '0,100,5,1,50']);
    expect(hot.offer('h', [bucket('k1', '3', [[0], [5]]), bucket('k2', '0', [[0], [5]])])).toEqual([
      '0,10,1,10,10', '0,15,2,5,10',
      '0,100,5,1,50', '0,105,6,1,50',
    ]);
  });

  it('forgets buckets the script did not write, the host’s earlier batches, and a host whose outcome is unknown', () => {
    const hot = new HotBuckets();
    const first = [bucket('k1', '3', [[0], [10]]), bucket('k2', '0', [[0], [10]])];
    hot.settle('h', first, hot.offer('h', first), [1, '', 2, '']);
    // Only k1 written this time (k2 saw only duplicates): k2 is no longer believed.
    const second = [bucket('k1', '4', [[0], [1]]), bucket('k2', '0', [[0], [1]])];
    hot.settle('h', second, hot.offer('h', second), [1, '']);
    expect(hot.offer('h', [bucket('k1', '3', [[0], [1]]), bucket('k1', '4', [[0], [1]]), bucket('k2', '0', [[0], [1]])]).filter((_, i) => i % 2 === 0)).toEqual([
      '', '0,1,1,1,1', '',
    ]);
    hot.forget('h');
    expect(hot.offer('h', [bucket('k1', '4', [[0], [1]])])[0]).toBe('');
  });

  it('keeps at most its bound of hosts, dropping the least recently ingested', () => {
    const hot = new HotBuckets(2);
    const b = [bucket('k', '0', [[0], [1]])];
    for (const h of ['a', 'b', 'a', 'c']) hot.settle(h, b, hot.offer(h, b), [1, '']);
    expect(hot.size).toBe(2);
    expect(hot.offer('b', b)[0]).toBe('');
    expect(hot.offer('a', b)[0]).not.toBe('');
    expect(hot.offer('c', b)[0]).not.toBe('');
  });
});

describe('the bounds of what a server process offers and keeps', () => {
  it('offers nothing for a batch whose merged bucket is too long to send twice, and keeps no such text', () => {
    const hot = new HotBuckets();
    const columns = Array.from({ length: 8_000 }, (_, i) => i);
    const huge = [bucket('k', '0', [columns, columns.map(() => 123_456)]), bucket('k2', '0', [[0], [1]])];
    expect(hot.offer('h', huge)).toEqual([]);
    // The script merged both and answered its texts: the short one is kept, the long one is not.
    hot.settle('h', huge, null, [1, 'y'.repeat(70_000), 2, '0,1,1,1,1']);
    expect(hot.offer('h', [bucket('k', '0', [[0], [1]]), bucket('k2', '0', [[0], [1]])]).filter((_, i) => i % 2 === 0)).toEqual(['', '0,1,1,1,1']);
  });

  it('drops the least recently ingested hosts once the kept texts pass their character bound', () => {
    const hot = new HotBuckets(100, 2_500);
    const b = [bucket('k', '0')];
    for (const h of ['a', 'b', 'c']) hot.settle(h, b, null, [1, 'z'.repeat(1_000)]);
    expect(hot.size).toBe(2);
    expect(hot.offer('a', [bucket('k', '0', [[0], [1]])])[0]).toBe('');
    expect(hot.offer('c', [bucket('k', '0', [[0], [1]])])[0]).toBe('z'.repeat(1_000));
    hot.forget('c');
    hot.forget('b');
    expect(hot.size).toBe(0);
  });
});

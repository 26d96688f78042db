import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32 } from '@/collector/crc32';
import { Spool, SpoolLockedError } from '@/collector/spool';

const rec = (ts: number) => JSON.stringify({ ts, pad: 'x'.repeat(200) });
const tsOf = (records: string[]) => records.map((r) => (JSON.parse(r) as { ts: number }).ts);

describe('crc32', () => {
  it('matches the IEEE check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('Spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-spool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (maxBytes = 10_000_000, segmentBytes?: number) => Spool.open(dir, { maxBytes, segmentBytes, sync: false });

  it('returns records oldest first and forgets them only when acknowledged', () => {
    const s = open();
    for (let i = 1; i <= 5; i++) s.append(rec(i));
    expect(tsOf(s.peek(3, 1e9))).toEqual([1, 2, 3]);
    expect(tsOf(s.peek(3, 1e9))).toEqual([1, 2, 3]);
    s.ack(3);
    expect(tsOf(s.peek(10, 1e9))).toEqual([4, 5]);
    expect(s.pendingCount).toBe(2);
    s.close();
    const again = open();
    expect(tsOf(again.peek(10, 1e9))).toEqual([4, 5]);
    again.close();
  });

  it('limits a batch by bytes but always returns at least one record', () => {
    const s = open();
    for (let i = 1; i <= 5; i++) s.append(rec(i));
    expect(s.peek(10, 500)).toHaveLength(2);
    expect(s.peek(10, 1)).toHaveLength(1);
    s.close();
  });

  it('reads across segments and deletes segments once acknowledged', () => {
    const s = open(10_000_000, 1000);
    for (let i = 1; i <= 20; i++) s.append(rec(i));
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-')).length).toBeGreaterThan(3);
    expect(tsOf(s.peek(20, 1e9))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    s.ack(20);
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-')).length).toBe(1);
    s.append(rec(21));
    s.close();
    expect(tsOf(open().peek(10, 1e9))).toEqual([21]);
  });

  it('skips, counts and truncates a torn last record after a crash, keeping what came before', () => {
    const s = open();
    for (let i = 1; i <= 3; i++) s.append(rec(i));
    s.close();
    const seg = readdirSync(dir).find((f) => f.startsWith('seg-'))!;
    appendFileSync(path.join(dir, seg), '1234abcd {"ts":4,"pad":"xx'); // the process died mid-write
    const again = open();
    expect(again.recovered).toEqual({ pending: 3, torn: 1 });
    again.append(rec(5));
    expect(tsOf(again.peek(10, 1e9))).toEqual([1, 2, 3, 5]);
    again.close();
    expect(open().recovered.torn).toBe(0);
  });

  it('skips a record whose checksum does not match', () => {
    const s = open();
    for (let i = 1; i <= 3; i++) s.append(rec(i));
    s.close();
    const file = path.join(dir, readdirSync(dir).find((f) => f.startsWith('seg-'))!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"ts":2', '"ts":9'));
    const again = open();
    expect(again.recovered.torn).toBe(1);
    expect(tsOf(again.peek(10, 1e9))).toEqual([1, 3]);
    again.close();
  });

  it('stays within its bound by dropping the oldest samples, and remembers how many', () => {
    const s = open(3000, 1000);
    for (let i = 1; i <= 40; i++) s.append(rec(i));
    expect(s.diskBytes).toBeLessThanOrEqual(3000);
    const left = tsOf(s.peek(100, 1e9));
    expect(left[left.length - 1]).toBe(40);
    expect(left).toEqual(Array.from({ length: left.length }, (_, i) => 41 - left.length + i)); // a contiguous newest run
    expect(s.dropped).toBe(40 - left.length);
    s.close();
    const again = open(3000, 1000);
    expect(again.dropped).toBe(40 - left.length);
    again.reportedDropped(again.dropped);
    expect(again.dropped).toBe(0);
    again.close();
    expect(open(3000, 1000).dropped).toBe(0);
  });

  it('moves a rejected batch to the dead-letter file with the server’s answer', () => {
    const s = open();
    for (let i = 1; i <= 3; i++) s.append(rec(i));
    s.deadLetter(s.peek(2, 1e9), { status: 400, message: 'samples.0.cpu.total: bad' });
    expect(tsOf(s.peek(10, 1e9))).toEqual([3]);
    const dead = JSON.parse(readFileSync(path.join(dir, 'dead-letter.jsonl'), 'utf8')) as { status: number; message: string; samples: { ts: number }[] };
    expect(dead.status).toBe(400);
    expect(dead.message).toContain('cpu.total');
    expect(dead.samples.map((x) => x.ts)).toEqual([1, 2]);
    s.close();
  });

  it('refuses a directory another live collector holds', () => {
    writeFileSync(path.join(dir, 'lock'), String(process.ppid));
    expect(() => open()).toThrow(SpoolLockedError);
    writeFileSync(path.join(dir, 'lock'), '999999999'); // a dead process's stale lock
    open().close();
  });
});

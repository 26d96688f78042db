import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsUsageReader, usageFromStatfs, type StatfsResult } from '@/collector/fs-usage';
import { parseMounts } from '@/collector/proc/mounts';
import { discoverSensors, parseMilliCelsius, readTemperatures } from '@/collector/proc/temperatures';
import { fixture, fixtureDir } from './fixtures';

describe('/proc/mounts', () => {
  it('keeps real filesystems once each, decoding escaped names', () => {
    expect(parseMounts(fixture('mounts.txt'))).toEqual([
      { device: '/dev/sda1', mount: '/', type: 'ext4' },
      { device: '/dev/sda2', mount: '/home', type: 'xfs' },
      { device: '/dev/sdb1', mount: '/mnt/my disk', type: 'ext4' },
      { device: 'nas:/export', mount: '/mnt/nas', type: 'nfs4' },
    ]);
  });

  it('can leave network filesystems out', () => {
    expect(parseMounts(fixture('mounts.txt'), { includeNetwork: false }).map((m) => m.mount)).not.toContain('/mnt/nas');
  });
});

describe('filesystem usage', () => {
  const root = { device: '/dev/sda1', mount: '/', type: 'ext4' };
  const s: StatfsResult = { bsize: 4096, blocks: 1000, bfree: 300, bavail: 250, files: 100, ffree: 40 };

  it('follows df: used = blocks - free, free = available to users, usedPct = used / (used + avail)', () => {
    expect(usageFromStatfs(root, s)).toEqual({
      ...root,
      size: 4096 * 1000,
      used: 4096 * 700,
      free: 4096 * 250,
      usedPct: Math.round((700 / 950) * 10000) / 100,
      inodesUsed: 60,
      inodesTotal: 100,
    });
  });

  it('skips empty pseudo filesystems', () => {
    expect(usageFromStatfs(root, { ...s, blocks: 0 })).toBeNull();
  });

  it('leaves a hung mount out without blocking, and does not call statfs on it again while it hangs', async () => {
    const calls: string[] = [];
    const hung: string[] = [];
    let release: (v: StatfsResult) => void = () => {};
    const statfs = (p: string) => {
      calls.push(p);
      if (p === '/mnt/nas' && calls.filter((c) => c === p).length === 1) return new Promise<StatfsResult>((r) => (release = r));
      return Promise.resolve(s);
    };
    const reader = new FsUsageReader(30, statfs, (m) => hung.push(m));
    const mounts = [root, { device: 'nas:/x', mount: '/mnt/nas', type: 'nfs4' }];
    expect((await reader.read(mounts)).map((f) => f.mount)).toEqual(['/']);
    expect((await reader.read(mounts)).map((f) => f.mount)).toEqual(['/']);
    expect(calls).toEqual(['/', '/mnt/nas', '/']);
    expect(hung).toEqual(['/mnt/nas']);
    expect(reader.isPending('/mnt/nas')).toBe(true);
    release(s);
    await new Promise((r) => setImmediate(r));
    expect(reader.isPending('/mnt/nas')).toBe(false);
    expect((await reader.read(mounts)).map((f) => f.mount)).toEqual(['/', '/mnt/nas']);
  });

  it('leaves out a mount whose statfs fails', async () => {
    const reader = new FsUsageReader(1000, (p) => (p === '/' ? Promise.resolve(s) : Promise.reject(new Error('EACCES'))));
    expect((await reader.read([root, { device: 'x', mount: '/secret', type: 'ext4' }])).length).toBe(1);
  });
});

describe('temperatures', () => {
  it('reads hwmon inputs with labels in numeric order, and thermal zones not already in hwmon', () => {
    const sensors = discoverSensors(path.join(fixtureDir, 'sys-hwmon'));
    expect(readTemperatures(sensors)).toEqual([
      { label: 'coretemp Package id 0', celsius: 45 },
      { label: 'coretemp Core 0', celsius: 43.5 },
      { label: 'coretemp Core 10', celsius: 41 },
      { label: 'x86_pkg_temp', celsius: 46 },
    ]);
  });

  it('returns nothing, not zeros, when there are no sensors', () => {
    expect(readTemperatures(discoverSensors(path.join(fixtureDir, 'sys-nosensors')))).toEqual([]);
    expect(readTemperatures(discoverSensors(path.join(fixtureDir, 'does-not-exist')))).toEqual([]);
  });

  it('drops impossible readings and a sensor that vanished', () => {
    expect(parseMilliCelsius('-273000')).toBeNull();
    expect(parseMilliCelsius('garbage')).toBeNull();
    expect(parseMilliCelsius(null)).toBeNull();
    expect(readTemperatures([{ label: 'gone', path: '/nonexistent/temp1_input' }])).toEqual([]);
  });
});

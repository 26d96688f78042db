import { describe, expect, it } from 'vitest';
import { counterDelta } from '@/collector/proc/counter';
import { diskRates, parseDiskstats } from '@/collector/proc/diskstats';
import { isVirtualInterface, netRates, parseNetDev, sumNetBytes } from '@/collector/proc/netdev';
import { fixture } from './fixtures';

describe('counterDelta', () => {
  it('handles growth, a 32-bit wrap and a reset', () => {
    expect(counterDelta(100, 250)).toBe(150);
    expect(counterDelta(2 ** 32 - 10, 5)).toBe(15);
    expect(counterDelta(9e12, 1000)).toBe(1000); // a 64-bit counter cannot wrap in practice: it was reset
    expect(counterDelta(2 ** 31 - 1, 5)).toBe(5); // a wrap would mean 2 GiB unseen: more likely a reset
  });
});

describe('/proc/diskstats', () => {
  const disks = new Set(['sda', 'nvme0n1']);
  const a = parseDiskstats(fixture('diskstats-1.txt'), disks);
  const b = parseDiskstats(fixture('diskstats-2.txt'), disks);

  it('keeps only physical disks (no partitions, loop or device-mapper)', () => {
    expect([...a.keys()]).toEqual(['sda', 'nvme0n1']);
  });

  it('turns deltas into byte, op and busy rates, surviving a counter wrap', () => {
    const r = diskRates(a, b, 1000);
    expect(r.devices).toEqual([
      { name: 'sda', readBps: 2000 * 512, writeBps: 6000 * 512, readsPerSec: 100, writesPerSec: 300, busyPct: 50 },
      { name: 'nvme0n1', readBps: 2200 * 512, writeBps: 0, readsPerSec: 600, writesPerSec: 0, busyPct: 50 },
    ]);
    expect(r.total).toEqual({ readBps: 4200 * 512, writeBps: 6000 * 512, readsPerSec: 700, writesPerSec: 300, busyPct: 50 });
  });

  it('reports a disk that appeared only from its second read', () => {
    const onlySda = parseDiskstats(fixture('diskstats-1.txt'), new Set(['sda']));
    expect(diskRates(onlySda, b, 1000).devices.map((d) => d.name)).toEqual(['sda']);
  });
});

describe('/proc/net/dev', () => {
  const include = (n: string) => !isVirtualInterface(n, new Set(['ifb0']));
  const a = parseNetDev(fixture('net-dev-1.txt'), include);
  const b = parseNetDev(fixture('net-dev-2.txt'), include);

  it('skips lo and virtual interfaces and reads numbers glued to the colon', () => {
    expect([...a.keys()]).toEqual(['eth0', 'eth1', 'wlan0', 'eth2']);
    expect(a.get('eth2')!.rxBytes).toBe(9_000_000_000_000);
    expect(isVirtualInterface('docker0', new Set())).toBe(true);
    expect(isVirtualInterface('ifb0', new Set(['ifb0']))).toBe(true);
    expect(isVirtualInterface('enp3s0', new Set())).toBe(false);
  });

  it('computes rates, survives wrap and reset, drops a vanished interface and waits for a new one', () => {
    const r = netRates(a, b, 2000);
    expect(r.interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1', 'eth2']);
    const eth0 = r.interfaces[0]!;
    expect(eth0).toMatchObject({ rxBps: 1_000_000, txBps: 500_000, rxPps: 1000, txPps: 500, rxErrPerSec: 1, txDropPerSec: 2 });
    expect(r.interfaces[1]).toMatchObject({ rxBps: 2704 / 2, txBps: 592 / 2, rxPps: 5, txPps: 5 }); // 32-bit wrap
    expect(r.interfaces[2]).toMatchObject({ rxBps: 500, txBps: 1000 }); // reset: counts since the reset
    expect(r.total.rxBps).toBe(1_000_000 + 1352 + 500);
  });

  it('includes virtual interfaces when asked', () => {
    expect([...parseNetDev(fixture('net-dev-1.txt'), () => true).keys()]).toContain('veth12ab');
  });
});

describe('a container network namespace’s bytes (sumNetBytes)', () => {
  const dev = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo:  999999       9    0    0    0     0          0         0   999999       9    0    0    0     0       0          0',
    '  eth0:1234567890123   10    0    0    0     0          0         0    4500      10    0    0    0     0       0          0',
    '  eth1: 100 1 0 0 0 0 0 0 50 1 0 0 0 0 0 0',
    '  bad0: 1 2 3',
  ].join('\n');

  it('sums every interface but loopback, also a counter touching the colon, and agrees with parseNetDev', () => {
    expect(sumNetBytes(dev)).toEqual({ rx: 1234567890123 + 100, tx: 4550 });
    const all = [...parseNetDev(dev, () => true).values()];
    expect(sumNetBytes(dev)).toEqual({ rx: all.reduce((a, c) => a + c.rxBytes, 0), tx: all.reduce((a, c) => a + c.txBytes, 0) });
  });

  it('gives nothing for an empty or headers-only file, and skips a line with a non-number', () => {
    expect(sumNetBytes('')).toEqual({ rx: 0, tx: 0 });
    expect(sumNetBytes(dev.split('\n').slice(0, 2).join('\n'))).toEqual({ rx: 0, tx: 0 });
    expect(sumNetBytes('  eth0: 10 x 0 0 0 0 0 0 20 1 0 0 0 0 0 0\n')).toEqual({ rx: 0, tx: 0 });
  });
});

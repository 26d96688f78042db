import { describe, expect, it } from 'vitest';
import { DbusError, decodeMessage, encodeCall, MAX_MESSAGE, messageLength } from '@/collector/services/dbus-wire';
import { unitOfPath, serviceName } from '@/collector/services/systemd-watcher';
import { encodeMessage, unitPath, unitRow, variant } from '../../support/dbus-standin';

const whole = (b: Buffer) => {
  expect(messageLength(b)).toBe(b.length);
  return decodeMessage(b);
};

describe('D-Bus wire format', () => {
  it("encodes a string-argument call that the stand-in's independent decoder reads back, header fields and body", () => {
    const b = encodeCall(7, 'org.freedesktop.systemd1', '/org/freedesktop/systemd1/unit/nginx_2eservice', 'org.freedesktop.DBus.Properties', 'Get', ['org.freedesktop.systemd1.Service', 'NRestarts']);
    const m = whole(b);
    expect(m).toMatchObject({ type: 1, serial: 7, path: '/org/freedesktop/systemd1/unit/nginx_2eservice', iface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss' });
    expect(m.body).toEqual(['org.freedesktop.systemd1.Service', 'NRestarts']);
    // Exact bytes of the fixed header: little-endian, method call, no flags, version 1, body length, serial.
    expect([...b.subarray(0, 4)]).toEqual([0x6c, 1, 0, 1]);
    // Body: length 32, 32 bytes, NUL, 3 bytes of padding to 4; length 9, 9 bytes, NUL.
    expect(b.readUInt32LE(4)).toBe(4 + 32 + 1 + 3 + 4 + 9 + 1);
    expect(b.readUInt32LE(8)).toBe(7);
    const none = whole(encodeCall(1, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello'));
    expect(none).toMatchObject({ member: 'Hello', signature: '', body: [] });
  });

  it('decodes a ListUnits answer of a(ssssssouso) in both byte orders', () => {
    const units = [unitRow('nginx.service', 'loaded', 'active', 'running'), unitRow('backup.service', 'loaded', 'failed', 'failed'), unitRow('getty@tty1.service', 'loaded', 'active', 'running')];
    for (const le of [true, false]) {
      const m = whole(encodeMessage({ type: 2, serial: 9, replySerial: 4, sender: ':1.0', signature: 'a(ssssssouso)', body: [units] }, le));
      expect(m).toMatchObject({ type: 2, replySerial: 4, sender: ':1.0' });
      expect(m.body[0]).toEqual(units);
    }
  });

  it('decodes PropertiesChanged (s a{sv} as) with variants of several types, and 64-bit numbers', () => {
    const m = whole(
      encodeMessage({
        type: 4,
        serial: 3,
        path: unitPath('nginx.service'),
        iface: 'org.freedesktop.DBus.Properties',
        member: 'PropertiesChanged',
        signature: 'sa{sv}as',
        body: ['org.freedesktop.systemd1.Unit', [['ActiveState', variant('s', 'failed')], ['SubState', variant('s', 'failed')], ['ActiveEnterTimestamp', variant('t', 1_764_000_000_000_000)], ['CanStart', variant('b', true)]], ['Conditions']],
      }),
    );
    expect(m.body).toEqual(['org.freedesktop.systemd1.Unit', [['ActiveState', 'failed'], ['SubState', 'failed'], ['ActiveEnterTimestamp', 1_764_000_000_000_000], ['CanStart', true]], ['Conditions']]);
  });

  it('refuses hostile messages with an error, never reading past the buffer', () => {
    const good = encodeMessage({ type: 2, serial: 1, replySerial: 1, signature: 'as', body: [['a', 'b']] });
    expect(() => decodeMessage(good.subarray(0, good.length - 3))).toThrow(DbusError);
    const bad = Buffer.from(good);
    bad[0] = 0x41;
    expect(() => messageLength(bad)).toThrow(/endianness/);
    const huge = Buffer.from(good);
    huge.writeUInt32LE(MAX_MESSAGE, 4);
    expect(() => messageLength(huge)).toThrow(/over/);
    expect(messageLength(good.subarray(0, 10))).toBeNull();
    // An array whose length claims more than the message holds.
    const lying = Buffer.from(good);
    const bodyAt = lying.length - lying.readUInt32LE(4);
    lying.writeUInt32LE(1000, bodyAt);
    expect(() => decodeMessage(lying)).toThrow(DbusError);
    // Nesting past the bound.
    const deep = encodeMessage({ type: 2, serial: 1, signature: 'v', body: [Array.from({ length: 40 }).reduce<unknown>((v) => variant('v', v), variant('u', 1))] });
    expect(() => decodeMessage(deep)).toThrow(/deep/);
    // A signature naming an unknown type.
    const odd = encodeMessage({ type: 2, serial: 1, signature: 'u', body: [1] });
    const at = odd.indexOf(Buffer.from([1, 0x75, 0]));
    odd[at + 1] = 0x7a; // 'z'
    expect(() => decodeMessage(odd)).toThrow(DbusError);
  });

  it('maps object paths back to unit names and keeps only services', () => {
    expect(unitOfPath(unitPath('getty@tty1.service'))).toBe('getty@tty1.service');
    expect(unitOfPath('/org/freedesktop/systemd1/unit/systemd_2djournald_2eservice')).toBe('systemd-journald.service');
    expect(unitOfPath('/somewhere/else')).toBeNull();
    expect(serviceName('nginx.service')).toBe('nginx');
    expect(serviceName('dbus.socket')).toBeNull();
    expect(serviceName(`${'x'.repeat(256)}.service`)).toBeNull();
    expect(serviceName(42)).toBeNull();
  });
});

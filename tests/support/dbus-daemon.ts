import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeMessage, messageLength, type Message } from '@/collector/services/dbus-wire';
import { callName, encodeMessage, systemdAnswer, unitPath, type OutMessage, type StandinOptions } from './dbus-standin';

/**
 * A private, real dbus-daemon on a temp socket (the Debian package
 * dbus-daemon; scripts/install-test-deps.sh installs it), and a stand-in
 * systemd that joins it as a peer: it owns org.freedesktop.systemd1, answers
 * the calls the bus routes to it with systemd's answers (dbus-standin.ts),
 * and emits signals the bus delivers by the collector's match rules. The
 * collector's client then meets a real bus: its authentication, Hello,
 * AddMatch rules, routing and policy.
 */
export interface DbusDaemon {
  socket: string;
  stop(): Promise<void>;
}

export async function startDbusDaemon(): Promise<DbusDaemon> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-dbus-daemon-'));
  const socket = path.join(dir, 'system_bus_socket');
  const config = path.join(dir, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>custom</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
    <allow user="*"/>
  </policy>
</busconfig>
`,
  );
  let child: ChildProcess;
  try {
    child = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`dbus-daemon could not start (apt-get install dbus-daemon, or scripts/install-test-deps.sh): ${(err as Error).message}`);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`dbus-daemon could not start (apt-get install dbus-daemon, or scripts/install-test-deps.sh): ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    // It prints its address once it listens.
    child.stdout!.once('data', () => resolve());
  });
  return {
    socket,
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SystemdPeer {
  /** Calls routed to it, in order ("ListUnits", "Get <path> NRestarts", …). */
  calls: string[];
  opts: StandinOptions;
  propertiesChanged(unit: string, iface: string, props: Record<string, { sig: string; value: unknown }>): void;
  signal(m: Omit<OutMessage, 'type' | 'serial'>): void;
  /** A round trip to the bus: once answered, everything this peer sent before it has been dispatched. */
  ping(): Promise<void>;
  close(): void;
}

/** Joins the bus at `socket` and takes the name org.freedesktop.systemd1 (or `name`: an impostor). */
export function joinAsSystemd(socket: string, opts: StandinOptions, name = 'org.freedesktop.systemd1'): Promise<SystemdPeer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socket);
    let serial = 0;
    let buf = Buffer.alloc(0);
    let authed = false;
    const waiting = new Map<number, (m: Message) => void>();
    const call = (member: string, signature = '', body: unknown[] = []) =>
      new Promise<Message>((r) => {
        const s = ++serial;
        waiting.set(s, r);
        sock.write(encodeMessage({ type: 1, serial: s, destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', iface: 'org.freedesktop.DBus', member, signature, body }));
      });
    const peer: SystemdPeer = {
      calls: [],
      opts,
      signal: (m) => void sock.write(encodeMessage({ ...m, type: 4, serial: ++serial })),
      propertiesChanged: (unit, iface, props) =>
        peer.signal({ path: unitPath(unit), iface: 'org.freedesktop.DBus.Properties', member: 'PropertiesChanged', signature: 'sa{sv}as', body: [iface, Object.entries(props), []] }),
      ping: async () => {
        await call('GetId');
      },
      close: () => sock.destroy(),
    };
    sock.on('error', reject);
    sock.on('connect', () => sock.write(`\0AUTH EXTERNAL ${Buffer.from(String(process.getuid?.() ?? 0)).toString('hex')}\r\n`));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!authed) {
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        if (!buf.toString('latin1', 0, nl).startsWith('OK ')) return reject(new Error(`bus refused the stand-in: ${buf.toString('latin1', 0, nl)}`));
        buf = buf.subarray(nl + 2);
        authed = true;
        sock.write('BEGIN\r\n');
        void (async () => {
          await call('Hello');
          const owned = await call('RequestName', 'su', [name, 4]);
          // 1: DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER.
          if (owned.body[0] !== 1) return reject(new Error(`could not own ${name}: ${String(owned.body[0])}`));
          resolve(peer);
        })();
      }
      for (;;) {
        const len = messageLength(buf);
        if (len === null || buf.length < len) return;
        const m = decodeMessage(buf.subarray(0, len));
        buf = buf.subarray(len);
        if ((m.type === 2 || m.type === 3) && m.replySerial !== undefined) {
          waiting.get(m.replySerial)?.(m);
          waiting.delete(m.replySerial);
        } else if (m.type === 1) {
          peer.calls.push(callName(m));
          const a = systemdAnswer(m, peer.opts);
          sock.write(encodeMessage({ ...a, serial: ++serial, replySerial: m.serial, destination: m.sender }));
        }
      }
    });
  });
}

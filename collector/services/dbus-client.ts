import net from 'node:net';
import { DbusError, decodeMessage, encodeCall, messageLength, type Message } from './dbus-wire';

/**
 * A connection to a D-Bus bus over its unix socket: EXTERNAL authentication
 * (the kernel tells the bus our uid), Hello, then method calls answered by
 * serial and signals handed to `onSignal`. `onEnd` is called once, when the
 * connection fails or closes. Calls time out; nothing is retried here.
 */
const CALL_TIMEOUT_MS = 10_000;
const MAX_AUTH_LINE = 512;

export interface DbusConnection {
  call(dest: string, path: string, iface: string, member: string, args?: readonly string[]): Promise<unknown[]>;
  close(): void;
}

export function connectBus(socketPath: string, onSignal: (m: Message) => void, onEnd: (err?: Error) => void, uid = process.getuid?.() ?? 0): Promise<DbusConnection> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socketPath);
    let authed = false;
    /** Hello answered: from then on a failure goes to onEnd, before it to the returned promise. */
    let open = false;
    let ended = false;
    let pending: Buffer = Buffer.alloc(0);
    let serial = 0;
    const waiting = new Map<number, { ok: (body: unknown[]) => void; fail: (e: Error) => void; timer: NodeJS.Timeout }>();
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      sock.destroy();
      for (const w of waiting.values()) {
        clearTimeout(w.timer);
        w.fail(err ?? new DbusError('bus connection closed'));
      }
      waiting.clear();
      if (open) onEnd(err);
      else reject(err ?? new DbusError('bus closed before Hello was answered'));
    };
    const conn: DbusConnection = {
      call: (dest, path, iface, member, args = []) =>
        new Promise((ok, fail) => {
          if (ended) return fail(new DbusError('bus connection closed'));
          const s = ++serial;
          const timer = setTimeout(() => {
            waiting.delete(s);
            fail(new DbusError(`${member} not answered in ${CALL_TIMEOUT_MS} ms`));
          }, CALL_TIMEOUT_MS);
          timer.unref();
          waiting.set(s, { ok, fail, timer });
          sock.write(encodeCall(s, dest, path, iface, member, args));
        }),
      close: () => {
        ended = true;
        sock.destroy();
      },
    };
    const onMessage = (m: Message) => {
      if (m.type === 4) return onSignal(m);
      const w = m.replySerial === undefined ? undefined : waiting.get(m.replySerial);
      if (!w || (m.type !== 2 && m.type !== 3)) return;
      waiting.delete(m.replySerial!);
      clearTimeout(w.timer);
      if (m.type === 2) w.ok(m.body);
      else w.fail(new DbusError(`${m.errorName ?? 'error'}: ${typeof m.body[0] === 'string' ? m.body[0].slice(0, 200) : ''}`));
    };
    sock.on('connect', () => {
      // The uid as ASCII digits, hex-encoded, is what EXTERNAL expects.
      sock.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\n`);
    });
    /*
     * One message per turn of the event loop: the code awaiting a reply runs before the
     * next message is handled, so a signal sent after a reply is applied after it.
     */
    let draining = false;
    const drain = () => {
      draining = false;
      try {
        const len = messageLength(pending);
        if (len === null || pending.length < len || ended) return;
        const m = decodeMessage(pending.subarray(0, len));
        pending = pending.subarray(len);
        onMessage(m);
        if (pending.length >= 16 && !draining) {
          draining = true;
          setImmediate(drain);
        }
      } catch (err) {
        end(err as Error);
      }
    };
    sock.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      try {
        if (!authed) {
          const nl = pending.indexOf('\r\n');
          if (nl < 0) {
            if (pending.length > MAX_AUTH_LINE) throw new DbusError('bus authentication line too long');
            return;
          }
          const line = pending.toString('latin1', 0, nl);
          pending = pending.subarray(nl + 2);
          if (!line.startsWith('OK ')) throw new DbusError(`bus refused authentication: ${line.slice(0, 100)}`);
          sock.write('BEGIN\r\n');
          authed = true;
          conn.call('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello').then(
            () => {
              open = true;
              resolve(conn);
            },
            (err: Error) => end(err),
          );
        }
        if (!draining) drain();
      } catch (err) {
        end(err as Error);
      }
    });
    sock.on('error', (err) => end(err));
    sock.on('close', () => end());
  });
}

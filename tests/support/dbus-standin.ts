import net from 'node:net';
import { decodeMessage, messageLength, type Message } from '@/collector/services/dbus-wire';

/**
 * A stand-in for the system bus with systemd behind it, on a unix socket:
 * the bus's side of EXTERNAL authentication, then recorded answers to the
 * calls the collector makes (Hello, AddMatch, Subscribe, ListUnits, Get
 * NRestarts), and signals the test sends when it likes. Its messages are
 * built by an encoder written here from the specification, independent of
 * the collector's (which only encodes string-argument calls).
 */

type Val = unknown;

const ALIGN: Record<string, number> = { y: 1, b: 4, n: 2, q: 2, i: 4, u: 4, x: 8, t: 8, d: 8, s: 4, o: 4, g: 1, a: 4, '(': 8, '{': 8, v: 1 };

function typeEnd(sig: string, i: number): number {
  const c = sig[i];
  if (c === 'a') return typeEnd(sig, i + 1);
  if (c === '(' || c === '{') {
    let j = i + 1;
    while (sig[j] !== (c === '(' ? ')' : '}')) j = typeEnd(sig, j);
    return j + 1;
  }
  return i + 1;
}

const split = (sig: string) => {
  const out: string[] = [];
  for (let i = 0; i < sig.length; ) {
    const j = typeEnd(sig, i);
    out.push(sig.slice(i, j));
    i = j;
  }
  return out;
};

/** A variant value: its signature and value. */
export const variant = (sig: string, value: Val) => ({ sig, value });

export class Encoder {
  bytes: number[] = [];
  constructor(private readonly le = true) {}
  pad(a: number) {
    while (this.bytes.length % a) this.bytes.push(0);
  }
  u32(v: number) {
    this.pad(4);
    const b = Buffer.alloc(4);
    if (this.le) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    this.bytes.push(...b);
  }
  write(sig: string, v: Val): void {
    const c = sig[0]!;
    this.pad(ALIGN[c] ?? 1);
    switch (c) {
      case 'y':
        this.bytes.push(v as number);
        return;
      case 'b':
        return this.u32(v ? 1 : 0);
      case 'u':
      case 'i':
        return this.u32((v as number) >>> 0);
      case 't': {
        const b = Buffer.alloc(8);
        if (this.le) b.writeBigUInt64LE(BigInt(v as number));
        else b.writeBigUInt64BE(BigInt(v as number));
        this.bytes.push(...b);
        return;
      }
      case 's':
      case 'o': {
        const b = Buffer.from(v as string);
        this.u32(b.length);
        this.bytes.push(...b, 0);
        return;
      }
      case 'g': {
        const b = Buffer.from(v as string);
        this.bytes.push(b.length, ...b, 0);
        return;
      }
      case 'v': {
        const { sig: inner, value } = v as { sig: string; value: Val };
        this.write('g', inner);
        this.write(inner, value);
        return;
      }
      case 'a': {
        const elem = sig.slice(1, typeEnd(sig, 1));
        this.u32(0);
        const at = this.bytes.length - 4;
        this.pad(ALIGN[elem[0]!] ?? 1);
        const start = this.bytes.length;
        for (const e of v as Val[]) this.write(elem, e);
        const len = this.bytes.length - start;
        const b = Buffer.alloc(4);
        if (this.le) b.writeUInt32LE(len);
        else b.writeUInt32BE(len);
        this.bytes.splice(at, 4, ...b);
        return;
      }
      case '(':
      case '{': {
        const parts = split(sig.slice(1, -1));
        parts.forEach((p, i) => this.write(p, (v as Val[])[i]));
        return;
      }
      default:
        throw new Error(`stand-in cannot encode ${c}`);
    }
  }
}

export interface OutMessage {
  type: number;
  serial: number;
  replySerial?: number;
  path?: string;
  iface?: string;
  member?: string;
  errorName?: string;
  destination?: string;
  sender?: string;
  signature?: string;
  body?: Val[];
}

/** A whole message, little- or big-endian. */
export function encodeMessage(m: OutMessage, le = true): Buffer {
  const body = new Encoder(le);
  const sig = m.signature ?? '';
  split(sig).forEach((p, i) => body.write(p, m.body![i]));
  const fields: [number, { sig: string; value: Val }][] = [];
  if (m.path) fields.push([1, variant('o', m.path)]);
  if (m.iface) fields.push([2, variant('s', m.iface)]);
  if (m.member) fields.push([3, variant('s', m.member)]);
  if (m.errorName) fields.push([4, variant('s', m.errorName)]);
  if (m.replySerial !== undefined) fields.push([5, variant('u', m.replySerial)]);
  if (m.destination) fields.push([6, variant('s', m.destination)]);
  if (m.sender) fields.push([7, variant('s', m.sender)]);
  if (sig) fields.push([8, variant('g', sig)]);
  const head = new Encoder(le);
  head.bytes.push(le ? 0x6c : 0x42, m.type, 0, 1);
  head.u32(body.bytes.length);
  head.u32(m.serial);
  head.write('a(yv)', fields);
  head.pad(8);
  return Buffer.from([...head.bytes, ...body.bytes]);
}

export const SYSTEMD = 'org.freedesktop.systemd1';
export const unitPath = (unit: string) => `/org/freedesktop/systemd1/unit/${unit.replace(/[^A-Za-z0-9]/g, (ch) => `_${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;

/** One ListUnits row, a(ssssssouso), as systemd answers it. */
export function unitRow(unit: string, load: string, active: string, sub: string): Val[] {
  return [unit, `${unit} description`, load, active, sub, '', unitPath(unit), 0, '', '/'];
}

export interface StandinOptions {
  units: Val[][];
  restarts?: Record<string, number>;
  /** Answer Get NRestarts with UnknownProperty (systemd before 235). */
  noRestarts?: boolean;
  /** Refuse authentication. */
  reject?: boolean;
}

export class DbusStandin {
  readonly calls: string[] = [];
  private readonly sockets = new Set<net.Socket>();
  private serial = 1000;
  private server!: net.Server;

  constructor(
    readonly path: string,
    public opts: StandinOptions,
  ) {}

  async start(): Promise<void> {
    this.server = net.createServer((sock) => this.serve(sock));
    await new Promise<void>((r) => this.server.listen(this.path, r));
  }

  /** Closes every client connection (the bus restarting); the server keeps listening. */
  dropClients(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.dropClients();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  get clients(): number {
    return this.sockets.size;
  }

  /** A signal to every authenticated client. */
  signal(m: Omit<OutMessage, 'type' | 'serial'>): void {
    const buf = encodeMessage({ ...m, type: 4, serial: ++this.serial, sender: ':1.0' });
    for (const s of this.sockets) s.write(buf);
  }

  propertiesChanged(unit: string, iface: string, props: Record<string, { sig: string; value: Val }>): void {
    this.signal({
      path: unitPath(unit),
      iface: 'org.freedesktop.DBus.Properties',
      member: 'PropertiesChanged',
      signature: 'sa{sv}as',
      body: [iface, Object.entries(props), []],
    });
  }

  private serve(sock: net.Socket): void {
    let authed = false;
    let okSent = false;
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!authed) {
        const text = buf.toString('latin1');
        const auth = text.indexOf('\r\n');
        if (auth < 0) return;
        if (!text.startsWith('\0AUTH EXTERNAL ') || this.opts.reject) {
          sock.end('REJECTED EXTERNAL\r\n');
          return;
        }
        const begin = text.indexOf('BEGIN\r\n', auth);
        if (!okSent) sock.write('OK 0123456789abcdef0123456789abcdef\r\n');
        okSent = true;
        if (begin < 0) return;
        buf = buf.subarray(begin + 7);
        authed = true;
        this.sockets.add(sock);
      }
      for (;;) {
        const len = messageLength(buf);
        if (len === null || buf.length < len) return;
        const m = decodeMessage(buf.subarray(0, len));
        buf = buf.subarray(len);
        this.answer(sock, m);
      }
    });
    sock.on('close', () => this.sockets.delete(sock));
  }

  private answer(sock: net.Socket, m: Message): void {
    this.calls.push(callName(m));
    const a = systemdAnswer(m, this.opts);
    sock.write(encodeMessage({ ...a, serial: ++this.serial, replySerial: m.serial, sender: ':1.0' }));
  }
}

/** How the test lists a call it received: "Get <path> <property>" or the member. */
export const callName = (m: Message) => (m.member === 'Get' ? `Get ${m.path} ${String(m.body[1])}` : `${m.member}`);

/** systemd's (and, for Hello and AddMatch, the bus's) answer to one call, as a reply or error message without serials. */
export function systemdAnswer(m: Message, opts: StandinOptions): Omit<OutMessage, 'serial'> {
  const reply = (signature = '', body: Val[] = []) => ({ type: 2, signature, body });
  const error = (name: string, text: string) => ({ type: 3, errorName: name, signature: 's', body: [text] });
  switch (m.member) {
    case 'Hello':
      return reply('s', [':1.42']);
    case 'AddMatch':
    case 'Subscribe':
      return reply();
    case 'ListUnits':
      return reply('a(ssssssouso)', [opts.units]);
    case 'Get': {
      const unit = opts.units.find((u) => u[6] === m.path);
      if (opts.noRestarts || !unit) return error('org.freedesktop.DBus.Error.UnknownProperty', 'Unknown property NRestarts');
      return reply('v', [variant('u', opts.restarts?.[String(unit[0])] ?? 0)]);
    }
    default:
      return error('org.freedesktop.DBus.Error.UnknownMethod', `Unknown method ${m.member}`);
  }
}

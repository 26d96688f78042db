/**
 * The D-Bus wire format, as little of it as the collector needs: encoding a
 * method call whose arguments are strings, and decoding any message (header
 * fields and a body of any signature). Hand-written instead of a client
 * library so the Linux bundle stays within its bound. The bus is outside
 * input: lengths, nesting and counts are checked, and a malformed message is
 * an error, never a read past the buffer.
 */
export const MAX_MESSAGE = 16 * 1024 * 1024;
const MAX_DEPTH = 32;

export class DbusError extends Error {}

export interface Message {
  /** 1 method call, 2 method return, 3 error, 4 signal. */
  type: number;
  serial: number;
  replySerial?: number;
  path?: string;
  iface?: string;
  member?: string;
  errorName?: string;
  sender?: string;
  signature: string;
  body: unknown[];
}

const align = (n: number, a: number) => (n + a - 1) & ~(a - 1);

/** Bytes the whole message has, from its first 16; null until 16 are there. */
export function messageLength(head: Buffer): number | null {
  if (head.length < 16) return null;
  const le = head[0] === 0x6c;
  if (!le && head[0] !== 0x42) throw new DbusError('bad endianness mark');
  const body = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
  const fields = le ? head.readUInt32LE(12) : head.readUInt32BE(12);
  const total = align(16 + fields, 8) + body;
  if (total > MAX_MESSAGE) throw new DbusError(`message of ${total} bytes is over ${MAX_MESSAGE}`);
  return total;
}

/** The end of the single complete type starting at `i` of `sig`. */
function typeEnd(sig: string, i: number): number {
  const c = sig[i];
  if (c === 'a') return typeEnd(sig, i + 1);
  if (c === '(' || c === '{') {
    const close = c === '(' ? ')' : '}';
    let j = i + 1;
    while (sig[j] !== close) {
      if (j >= sig.length) throw new DbusError(`unclosed ${c} in signature ${sig}`);
      j = typeEnd(sig, j);
    }
    return j + 1;
  }
  if (c === undefined) throw new DbusError(`truncated signature ${sig}`);
  return i + 1;
}

const ALIGN: Record<string, number> = { y: 1, b: 4, n: 2, q: 2, i: 4, u: 4, x: 8, t: 8, d: 8, s: 4, o: 4, g: 1, a: 4, '(': 8, '{': 8, v: 1, h: 4 };

class Reader {
  pos = 0;
  constructor(
    private readonly b: Buffer,
    private readonly le: boolean,
  ) {}

  private need(n: number): void {
    if (this.pos + n > this.b.length) throw new DbusError('message shorter than its contents');
  }

  pad(a: number): void {
    this.pos = align(this.pos, a);
    this.need(0);
  }

  u32(): number {
    this.pad(4);
    this.need(4);
    const v = this.le ? this.b.readUInt32LE(this.pos) : this.b.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  private str(len: number): string {
    this.need(len + 1);
    const s = this.b.toString('utf8', this.pos, this.pos + len);
    this.pos += len + 1;
    return s;
  }

  value(sig: string, depth = 0): unknown {
    if (depth > MAX_DEPTH) throw new DbusError('nested too deep');
    const c = sig[0]!;
    this.pad(ALIGN[c] ?? 1);
    const b = this.b;
    const le = this.le;
    switch (c) {
      case 'y':
        this.need(1);
        return b[this.pos++];
      case 'b':
        return this.u32() !== 0;
      case 'n':
      case 'q': {
        this.need(2);
        const v = c === 'n' ? (le ? b.readInt16LE(this.pos) : b.readInt16BE(this.pos)) : le ? b.readUInt16LE(this.pos) : b.readUInt16BE(this.pos);
        this.pos += 2;
        return v;
      }
      case 'i': {
        const v = this.u32();
        return v | 0;
      }
      case 'u':
      case 'h':
        return this.u32();
      case 'x':
      case 't':
      case 'd': {
        this.need(8);
        const v = c === 'd' ? (le ? b.readDoubleLE(this.pos) : b.readDoubleBE(this.pos)) : Number(c === 'x' ? (le ? b.readBigInt64LE(this.pos) : b.readBigInt64BE(this.pos)) : le ? b.readBigUInt64LE(this.pos) : b.readBigUInt64BE(this.pos));
        this.pos += 8;
        return v;
      }
      case 's':
      case 'o':
        return this.str(this.u32());
      case 'g':
        this.need(1);
        return this.str(b[this.pos++]!);
      case 'v': {
        this.need(1);
        const inner = this.str(b[this.pos++]!);
        if (typeEnd(inner, 0) !== inner.length) throw new DbusError(`variant of more than one type: ${inner}`);
        return this.value(inner, depth + 1);
      }
      case 'a': {
        const len = this.u32();
        const elem = sig.slice(1, typeEnd(sig, 1));
        this.pad(ALIGN[elem[0]!] ?? 1);
        const end = this.pos + len;
        this.need(len);
        const out: unknown[] = [];
        while (this.pos < end) out.push(this.value(elem, depth + 1));
        if (this.pos !== end) throw new DbusError('array contents overrun its length');
        return out;
      }
      case '(':
      case '{':
        return this.values(sig.slice(1, -1), depth + 1);
      default:
        throw new DbusError(`unknown type ${c}`);
    }
  }

  /** Each complete type of a signature in turn. */
  values(sig: string, depth = 0): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < sig.length; ) {
      const j = typeEnd(sig, i);
      out.push(this.value(sig.slice(i, j), depth));
      i = j;
    }
    return out;
  }
}

/** One complete message (exactly `messageLength` bytes). */
export function decodeMessage(buf: Buffer): Message {
  const le = buf[0] === 0x6c;
  const r = new Reader(buf, le);
  r.pos = 1;
  const type = buf[1]!;
  r.pos = 4;
  r.u32(); // body length, already checked by messageLength
  const serial = r.u32();
  const m: Message = { type, serial, signature: '', body: [] };
  for (const f of r.value('a(yv)') as [number, unknown][]) {
    const [code, v] = f;
    if (code === 1) m.path = String(v);
    else if (code === 2) m.iface = String(v);
    else if (code === 3) m.member = String(v);
    else if (code === 4) m.errorName = String(v);
    else if (code === 5) m.replySerial = Number(v);
    else if (code === 7) m.sender = String(v);
    else if (code === 8) m.signature = String(v);
  }
  r.pad(8);
  m.body = r.values(m.signature);
  return m;
}

/** A little-endian method call whose arguments are all strings (signature "s…"). */
export function encodeCall(serial: number, dest: string, path: string, iface: string, member: string, args: readonly string[] = []): Buffer {
  const parts: Buffer[] = [];
  let len = 0;
  const put = (b: Buffer) => {
    parts.push(b);
    len += b.length;
  };
  const padTo = (a: number) => {
    const n = align(len, a) - len;
    if (n) put(Buffer.alloc(n));
  };
  const u32 = (v: number) => {
    padTo(4);
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    put(b);
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    u32(b.length);
    put(Buffer.concat([b, Buffer.alloc(1)]));
  };
  const sigOf = (s: string) => put(Buffer.concat([Buffer.from([s.length]), Buffer.from(s), Buffer.alloc(1)]));
  // Body first, to know its length; its alignment starts at 0 like the body's offset (a multiple of 8).
  for (const a of args) str(a);
  const body = Buffer.concat(parts.splice(0));
  len = 0;
  const sig = 's'.repeat(args.length);
  const fields: [number, string, string][] = [
    [1, 'o', path],
    [2, 's', iface],
    [3, 's', member],
    [6, 's', dest],
  ];
  if (sig) fields.push([8, 'g', sig]);
  put(Buffer.from([0x6c, 1, 0, 1]));
  u32(body.length);
  u32(serial);
  u32(0); // fields length, written below
  const start = len;
  for (const [code, t, v] of fields) {
    padTo(8);
    put(Buffer.from([code]));
    sigOf(t);
    if (t === 'g') sigOf(v);
    else str(v);
  }
  const fieldsLen = len - start;
  padTo(8);
  const out = Buffer.concat([...parts, body]);
  out.writeUInt32LE(fieldsLen, 12);
  return out;
}

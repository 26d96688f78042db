/**
 * Decoders written from the specs, independent of the encoders under test:
 * snappy's block format (format_description.txt: every tag kind, including
 * the 1- and 4-byte-offset copies our encoder never writes) and protobuf's
 * wire format for the four remote-write messages.
 */

function varint(b: Uint8Array, at: { i: number }): number {
  let n = 0;
  let mul = 1;
  for (;;) {
    const byte = b[at.i++]!;
    n += (byte & 127) * mul;
    if (byte < 128) return n;
    mul *= 128;
  }
}

export function snappyDecode(b: Uint8Array): Uint8Array {
  const at = { i: 0 };
  const size = varint(b, at);
  const out = new Uint8Array(size);
  let o = 0;
  while (at.i < b.length) {
    const tag = b[at.i++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = (tag >> 2) + 1;
      if (len > 60) {
        const bytes = len - 60;
        len = 0;
        for (let k = 0; k < bytes; k++) len |= b[at.i++]! << (8 * k);
        len += 1;
      }
      out.set(b.subarray(at.i, at.i + len), o);
      at.i += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | b[at.i++]!;
    } else if (kind === 2) {
      len = (tag >> 2) + 1;
      offset = b[at.i]! | (b[at.i + 1]! << 8);
      at.i += 2;
    } else {
      len = (tag >> 2) + 1;
      offset = b[at.i]! | (b[at.i + 1]! << 8) | (b[at.i + 2]! << 16) | (b[at.i + 3]! << 24);
      at.i += 4;
    }
    if (offset === 0 || offset > o) throw new Error(`bad copy offset ${offset} at output ${o}`);
    for (let k = 0; k < len; k++, o++) out[o] = out[o - offset]!;
  }
  if (o !== size) throw new Error(`decoded ${o} bytes, header said ${size}`);
  return out;
}

interface Field {
  no: number;
  wire: number;
  value: number | Uint8Array;
}

function fields(b: Uint8Array): Field[] {
  const at = { i: 0 };
  const out: Field[] = [];
  while (at.i < b.length) {
    const key = varint(b, at);
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: varint(b, at) });
    else if (wire === 1) {
      out.push({ no, wire, value: new DataView(b.buffer, b.byteOffset + at.i, 8).getFloat64(0, true) });
      at.i += 8;
    } else if (wire === 2) {
      const len = varint(b, at);
      out.push({ no, wire, value: b.subarray(at.i, at.i + len) });
      at.i += len;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

const text = new TextDecoder('utf-8', { fatal: true });

export function decodeWriteRequest(b: Uint8Array) {
  return fields(b).map((ts) => {
    expect1(ts.no === 1 && ts.wire === 2, 'WriteRequest.timeseries');
    const parts = fields(ts.value as Uint8Array);
    return {
      labels: parts.filter((p) => p.no === 1).map((p) => {
        const [name, value] = fields(p.value as Uint8Array);
        expect1(name!.no === 1 && value!.no === 2, 'Label fields');
        return [text.decode(name!.value as Uint8Array), text.decode(value!.value as Uint8Array)] as [string, string];
      }),
      samples: parts.filter((p) => p.no === 2).map((p) => {
        const f = fields(p.value as Uint8Array);
        return { value: f.find((x) => x.no === 1)!.value as number, ts: f.find((x) => x.no === 2)!.value as number };
      }),
    };
  });
}

function expect1(ok: boolean, what: string): void {
  if (!ok) throw new Error(`malformed ${what}`);
}

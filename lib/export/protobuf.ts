/**
 * Prometheus remote write 1.0's WriteRequest in protobuf, by hand: four tiny
 * messages (prompb/types.proto, remote.proto), nothing else needed.
 *
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // ms since the epoch
 *
 * Sizes are computed first, then everything is written into one buffer. Pure.
 */

export interface Series {
  /** Sorted by name, `__name__` among them (remote write wants them sorted). */
  labels: [name: string, value: string][];
  /** In timestamp order. */
  samples: { value: number; ts: number }[];
}

const utf8 = new TextEncoder();

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

class Writer {
  private pos = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Non-negative integers up to 2^53 (timestamps and lengths). */
  varint(n: number): void {
    while (n >= 128) {
      this.bytes[this.pos++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.bytes[this.pos++] = n;
  }

  raw(b: Uint8Array): void {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }

  double(v: number): void {
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  byte(b: number): void {
    this.bytes[this.pos++] = b;
  }

  get length(): number {
    return this.pos;
  }
}

// Field tags: (field number << 3) | wire type (0 varint, 1 fixed 64-bit, 2 length-delimited).
const TAG_TIMESERIES = 0x0a;
const TAG_LABELS = 0x0a;
const TAG_SAMPLES = 0x12;
const TAG_NAME = 0x0a;
const TAG_VALUE_STRING = 0x12;
const TAG_VALUE_DOUBLE = 0x09;
const TAG_TIMESTAMP = 0x10;

const withLength = (size: number) => 1 + varintSize(size) + size;

export function encodeWriteRequest(series: readonly Series[]): Uint8Array {
  // Pass 1: every string's bytes and every message's size.
  const plans = series.map((s) => {
    const labels = s.labels.map(([n, v]) => {
      const name = utf8.encode(n);
      const value = utf8.encode(v);
      return { name, value, size: withLength(name.length) + withLength(value.length) };
    });
    const samples = s.samples.map((p) => {
      const ts = Math.max(0, Math.trunc(p.ts));
      return { value: p.value, ts, size: 9 + 1 + varintSize(ts) };
    });
    const size = labels.reduce((n, l) => n + withLength(l.size), 0) + samples.reduce((n, p) => n + withLength(p.size), 0);
    return { labels, samples, size };
  });
  const total = plans.reduce((n, p) => n + withLength(p.size), 0);
  // Pass 2: write.
  const w = new Writer(new Uint8Array(total));
  for (const p of plans) {
    w.byte(TAG_TIMESERIES);
    w.varint(p.size);
    for (const l of p.labels) {
      w.byte(TAG_LABELS);
      w.varint(l.size);
      w.byte(TAG_NAME);
      w.varint(l.name.length);
      w.raw(l.name);
      w.byte(TAG_VALUE_STRING);
      w.varint(l.value.length);
      w.raw(l.value);
    }
    for (const s of p.samples) {
      w.byte(TAG_SAMPLES);
      w.varint(s.size);
      w.byte(TAG_VALUE_DOUBLE);
      w.double(s.value);
      w.byte(TAG_TIMESTAMP);
      w.varint(s.ts);
    }
  }
  if (w.length !== total) throw new Error(`protobuf size mismatch: planned ${total}, wrote ${w.length}`);
  return w.bytes;
}

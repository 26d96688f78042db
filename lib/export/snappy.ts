/**
 * Snappy's block format (what remote write's `Content-Encoding: snappy`
 * means: not the framing format), compressing. Pure.
 *
 * The stream is the uncompressed length as a varint, then elements: literals
 * (tag 00) and copies with a 2-byte offset (tag 10). Matches of 4 bytes or
 * more are found through a hash of the next 4 bytes, within 64 KiB back (the
 * reach of a 2-byte offset). Remote-write bodies are label names repeated
 * series after series, which this catches; the decoder side is any snappy.
 */

const HASH_BITS = 14;
const MAX_OFFSET = 65_535;

function read32(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

export function snappyCompress(input: Uint8Array): Uint8Array {
  const n = input.length;
  // Worst case: all literals, a tag (≤ 5 bytes) per 2^32, plus the length varint.
  const out = new Uint8Array(n + Math.ceil(n / 60) + 16);
  let o = 0;
  let len = n;
  while (len >= 128) {
    out[o++] = (len & 127) | 128;
    len = Math.floor(len / 128);
  }
  out[o++] = len;

  const literal = (from: number, to: number) => {
    const size = to - from;
    if (size === 0) return;
    const m = size - 1;
    if (m < 60) out[o++] = m << 2;
    else if (m < 1 << 8) {
      out[o++] = 60 << 2;
      out[o++] = m;
    } else if (m < 1 << 16) {
      out[o++] = 61 << 2;
      out[o++] = m & 255;
      out[o++] = m >>> 8;
    } else if (m < 1 << 24) {
      out[o++] = 62 << 2;
      out[o++] = m & 255;
      out[o++] = (m >>> 8) & 255;
      out[o++] = m >>> 16;
    } else {
      out[o++] = 63 << 2;
      out[o++] = m & 255;
      out[o++] = (m >>> 8) & 255;
      out[o++] = (m >>> 16) & 255;
      out[o++] = m >>> 24;
    }
    out.set(input.subarray(from, to), o);
    o += size;
  };
  const copy2 = (offset: number, size: number) => {
    out[o++] = ((size - 1) << 2) | 2;
    out[o++] = offset & 255;
    out[o++] = offset >>> 8;
  };
  // A copy element holds at most 64 bytes; the split keeps every piece at 4 or more.
  const copy = (offset: number, size: number) => {
    while (size >= 68) {
      copy2(offset, 64);
      size -= 64;
    }
    if (size > 64) {
      copy2(offset, 60);
      size -= 60;
    }
    copy2(offset, size);
  };

  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  let pending = 0;
  let i = 0;
  while (i + 4 <= n) {
    const v = read32(input, i);
    const h = Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_BITS);
    const candidate = table[h]!;
    table[h] = i;
    if (candidate >= 0 && i - candidate <= MAX_OFFSET && read32(input, candidate) === v) {
      literal(pending, i);
      let size = 4;
      while (i + size < n && input[candidate + size] === input[i + size]) size++;
      copy(i - candidate, size);
      i += size;
      pending = i;
    } else {
      i++;
    }
  }
  literal(pending, n);
  return out.subarray(0, o);
}

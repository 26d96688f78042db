import * as zlib from 'node:zlib';

/** CRC-32 (IEEE), for spool record checksums; zlib.crc32 only exists from Node 20.15/22.2 and the collector runs on 18. */
const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** zlib's native CRC-32 where Node has it: the spool checksums every sample, some kilobytes each. */
const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  if (native) return native(start === 0 && end === b.length ? b : b.subarray(start, end)) >>> 0;
  return crc32js(b, start, end);
}

export function crc32js(b: Uint8Array, start = 0, end = b.length): number {
  let c = -1;
  for (let i = start; i < end; i++) c = TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

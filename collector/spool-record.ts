import { crc32 } from './crc32';

/**
 * One spool record per line: `<crc32 of the JSON, 8 hex> <sample JSON>\n`.
 * The checksum tells a complete record from one torn by a crash mid-write.
 */

/** Writes the record for `json` into `buf` (grown when too small); returns the buffer and the record's length. */
export function encodeRecord(json: string, buf: Buffer): { buf: Buffer; len: number } {
  if (buf.length < json.length * 3 + 10) buf = Buffer.allocUnsafe(json.length * 3 + 10);
  const bodyLen = buf.write(json, 9, 'utf8');
  buf.write(crc32(buf, 9, 9 + bodyLen).toString(16).padStart(8, '0'), 0, 'latin1');
  buf[8] = 32;
  buf[9 + bodyLen] = 10;
  return { buf, len: bodyLen + 10 };
}

/** Whether the line at [pos, nl) (nl: its newline, or -1 when missing) is an intact record. */
function isIntactRecord(data: Buffer, pos: number, nl: number): boolean {
  if (nl < 0 || nl - pos <= 9 || data[pos + 8] !== 32) return false;
  const want = Number.parseInt(data.toString('latin1', pos, pos + 8), 16);
  return Number.isFinite(want) && crc32(data, pos + 9, nl) === want;
}

/**
 * The intact records of one segment file from `fromOff` on, where the intact
 * part ends, and how many damaged records were skipped (a crash mid-write
 * leaves a torn last one; the caller cuts the file back to `goodEnd`).
 */
export function scanRecords(data: Buffer, fromOff: number): { records: { off: number; len: number }[]; goodEnd: number; torn: number } {
  const records: { off: number; len: number }[] = [];
  let pos = 0;
  let goodEnd = 0;
  let torn = 0;
  while (pos < data.length) {
    const nl = data.indexOf(10, pos);
    const end = nl < 0 ? data.length : nl + 1;
    if (isIntactRecord(data, pos, nl)) {
      if (pos >= fromOff) records.push({ off: pos, len: end - pos });
      goodEnd = end;
    } else {
      torn++;
    }
    pos = end;
  }
  return { records, goodEnd, torn };
}

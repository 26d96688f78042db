import 'server-only';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { MAX_BODY_BYTES } from '@/lib/wire/contract';
import { badRequest, HttpError, payloadTooLarge, unsupportedMediaType } from '@/lib/http/http-error';

/**
 * Reads a JSON request body under a byte cap that also holds after gzip
 * decompression. Gzip is inflated as a stream and abandoned as soon as the
 * output passes the cap, so a bomb (1 GB of zeros in 1 MB) costs at most
 * the cap in memory and stops within the first megabyte of output.
 */

const tooLarge = (maxBytes: number) => payloadTooLarge(`The body is larger than ${maxBytes} bytes (after decompression).`);

function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

type Encoding = 'identity' | 'gzip';

function encodingOf(header: string | null): Encoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  throw unsupportedMediaType(`Content-Encoding "${value.slice(0, 40)}" is not supported; send gzip or no encoding.`);
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : Buffer.concat(chunks);
}

class CapExceeded extends Error {}

async function inflateCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let compressed = 0;
  let inflated = 0;
  try {
    await pipeline(
      Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
      new Transform({
        transform(chunk: Buffer, _enc, cb) {
          compressed += chunk.length;
          cb(compressed > maxBytes ? new CapExceeded() : null, chunk);
        },
      }),
      createGunzip({ chunkSize: 64 * 1024 }),
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          inflated += chunk.length;
          if (inflated > maxBytes) return cb(new CapExceeded());
          chunks.push(chunk);
          cb();
        },
      }),
    );
  } catch (err) {
    if (err instanceof CapExceeded) throw tooLarge(maxBytes);
    throw badRequest('invalid_gzip', `The gzip body could not be decompressed: ${(err as Error).message}.`);
  }
  return Buffer.concat(chunks);
}

/** The parsed JSON value of a request body, or an HttpError (400, 413 or 415) that says what is wrong. */
export async function readJsonBody(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<unknown> {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    throw unsupportedMediaType('The body must be JSON: send Content-Type: application/json.');
  }
  const encoding = encodingOf(request.headers.get('content-encoding'));
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw badRequest('invalid_json', 'The body is empty; send a JSON document.');

  let raw: Buffer;
  try {
    raw = encoding === 'gzip' ? await inflateCapped(request.body, maxBytes) : await readCapped(request.body, maxBytes);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw badRequest('body_unreadable', `The body could not be read: ${(err as Error).message}.`);
  }
  if (raw.length === 0) throw badRequest('invalid_json', 'The body is empty; send a JSON document.');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw badRequest('invalid_json', `The body is not valid JSON: ${(err as Error).message}.`);
  }
}

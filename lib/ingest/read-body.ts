import 'server-only';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { MAX_BODY_BYTES } from '@/lib/wire/contract';
import { badRequest, HttpError, payloadTooLarge, unsupportedMediaType } from '@/lib/http/http-error';

/**
 * Reads a JSON request body under a byte cap that also holds after gzip
 * decompression. The compressed bytes are capped as they arrive; zlib then
 * inflates chunk by chunk and gives up as soon as the output passes the cap,
 * so a bomb (1 GB of zeros in 1 MB) costs at most the cap in memory and a few
 * milliseconds, and runs on the thread pool rather than the event loop.
 */

const gunzipAsync = promisify(gunzip);

/**
 * After refusing an oversized upload, read (and drop) up to this much more of
 * it, so the client gets to read the 413 instead of a connection reset; a
 * client still sending after that is cut off.
 */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;

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

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    dropped += value.byteLength;
    if (dropped > DRAIN_LIMIT_BYTES) {
      await reader.cancel();
      return;
    }
  }
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
      chunks.length = 0;
      await drain(reader).catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : Buffer.concat(chunks);
}

async function inflateCapped(compressed: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(compressed, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw badRequest('invalid_gzip', `The gzip body could not be decompressed: ${(err as Error).message}.`);
  }
}

/** The parsed JSON value of a request body, or an HttpError (400, 413 or 415) that says what is wrong. */
export async function readJsonBody(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<unknown> {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    throw unsupportedMediaType('The body must be JSON: send Content-Type: application/json.');
  }
  const encoding = encodingOf(request.headers.get('content-encoding'));
  // Refused before reading; the HTTP server discards the unread body.
  if (Number(request.headers.get('content-length') ?? NaN) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw badRequest('invalid_json', 'The body is empty; send a JSON document.');

  let raw: Buffer;
  try {
    // Compressed bytes share the cap: gzip never makes a real batch bigger, and it bounds what is buffered.
    raw = await readCapped(request.body, maxBytes);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw badRequest('body_unreadable', `The body could not be read: ${(err as Error).message}.`);
  }
  if (encoding === 'gzip') raw = await inflateCapped(raw, maxBytes);
  if (raw.length === 0) throw badRequest('invalid_json', 'The body is empty; send a JSON document.');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw badRequest('invalid_json', `The body is not valid JSON: ${(err as Error).message}.`);
  }
}

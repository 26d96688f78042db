import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpError } from '@/lib/http/http-error';
import { readJsonBody } from '@/lib/ingest/read-body';

function post(body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }): Request {
  return new Request('http://localhost/api/v1/ingest', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

/** A body sent in chunks without Content-Length, as a chunked upload arrives. */
function streamed(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

describe('readJsonBody', () => {
  it('parses a plain JSON body', async () => {
    expect(await readJsonBody(post('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
  });

  it('accepts a charset parameter and +json media types', async () => {
    expect(await readJsonBody(post('1', { 'content-type': 'application/json; charset=utf-8' }))).toBe(1);
    expect(await readJsonBody(post('2', { 'content-type': 'application/vnd.hostwatch+json' }))).toBe(2);
  });

  it('refuses a non-JSON content type with 415', async () => {
    expect((await failure(readJsonBody(post('{}', { 'content-type': 'text/plain' })))).status).toBe(415);
    expect((await failure(readJsonBody(post('{}', {})))).status).toBe(415);
  });

  it('refuses an unsupported content encoding with 415', async () => {
    const err = await failure(readJsonBody(post('{}', { 'content-type': 'application/json', 'content-encoding': 'br' })));
    expect(err.status).toBe(415);
    expect(err.message).toContain('br');
  });

  it('answers 400 naming the problem for malformed JSON and an empty body', async () => {
    const bad = await failure(readJsonBody(post('{"a":')));
    expect([bad.status, bad.code]).toEqual([400, 'invalid_json']);
    const empty = await failure(readJsonBody(post('')));
    expect([empty.status, empty.code]).toEqual([400, 'invalid_json']);
  });

  it('answers 413 for a body over the cap, declared or streamed', async () => {
    expect((await failure(readJsonBody(post('[' + '1,'.repeat(600) + '1]'), 1000))).status).toBe(413);
    const chunks = Array.from({ length: 20 }, () => new TextEncoder().encode(' '.repeat(100)));
    expect((await failure(readJsonBody(post(streamed(chunks)), 1000))).status).toBe(413);
  });

  it('accepts a streamed body exactly at the cap', async () => {
    const json = JSON.stringify({ pad: 'x'.repeat(1000 - 10) });
    expect(json.length).toBe(1000);
    const bytes = new TextEncoder().encode(json);
    expect(await readJsonBody(post(streamed([bytes.slice(0, 400), bytes.slice(400)])), 1000)).toEqual(JSON.parse(json));
  });

  it('inflates gzip', async () => {
    const body = gzipSync(JSON.stringify({ hello: 'world' }));
    expect(await readJsonBody(post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' }))).toEqual({ hello: 'world' });
  });

  it('answers 413 when the body is small compressed but over the cap inflated', async () => {
    const body = gzipSync(JSON.stringify({ pad: ' '.repeat(5000) }));
    expect(body.length).toBeLessThan(1000);
    const err = await failure(readJsonBody(post(body, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 1000));
    expect(err.status).toBe(413);
  });

  it('stops inflating a bomb at the cap instead of inflating all of it', async () => {
    // 200 MB of zeros is ~200 KB compressed; inflating it fully would take ~200 MB of output.
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
    const before = process.memoryUsage().arrayBuffers;
    const err = await failure(readJsonBody(post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })));
    expect(err.status).toBe(413);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('answers 400 for truncated or corrupt gzip', async () => {
    const full = gzipSync(JSON.stringify({ hello: 'world'.repeat(100) }));
    const truncated = await failure(
      readJsonBody(post(full.subarray(0, full.length - 12), { 'content-type': 'application/json', 'content-encoding': 'gzip' })),
    );
    expect([truncated.status, truncated.code]).toEqual([400, 'invalid_gzip']);
    const notGzip = await failure(readJsonBody(post('{"a":1}', { 'content-type': 'application/json', 'content-encoding': 'gzip' })));
    expect([notGzip.status, notGzip.code]).toEqual([400, 'invalid_gzip']);
  });
});

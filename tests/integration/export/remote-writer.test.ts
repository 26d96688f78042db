import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { healthCounters, resetHealthCounters } from '@/lib/export/health-metrics';
import { RemoteWriter } from '@/lib/export/remote-write';
import { hostLabels } from '@/lib/export/labels';
import { samplePoints } from '@/lib/export/points';
import type { HostRecord } from '@/lib/store/types';
import { makeSample } from '../../support/samples';
import { decodeWriteRequest, snappyDecode } from '../../unit/export/reference-decoders';

/**
 * The remote writer against a real local HTTP receiver that answers what the
 * test scripts (503, 429, 400, 204): headers, auth, the decoded body, retries
 * and refusals, all on real sockets. The backoff is 1 ms so retries come at once.
 */
interface Received {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const host: HostRecord = { id: 'h1', name: 'web-1', tags: ['env:prod'], tokenHash: 'x', disabled: false, createdAt: 0 };

describe('remote write to a real HTTP receiver', () => {
  let server: http.Server;
  let url: string;
  let received: Received[] = [];
  let answers: { status: number; headers?: Record<string, string> }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        const answer = answers.shift() ?? { status: 204 };
        res.writeHead(answer.status, answer.headers).end(answer.status >= 400 ? 'no thanks' : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received = [];
    answers = [];
    resetHealthCounters();
  });

  async function until(done: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`not done within 10 s; received ${received.length} requests, counters ${JSON.stringify(healthCounters().remoteWrite)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('posts snappy protobuf with the remote-write headers and bearer auth, after 503 and 429 answers', async () => {
    answers = [{ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }];
    const lines: string[] = [];
    const writer = new RemoteWriter({ url, auth: { kind: 'bearer', token: 'secret-token' }, queueSamples: 10_000 }, { flushDelayMs: 1, backoffBaseMs: 1, log: (l) => lines.push(l) });
    const samples = [makeSample(1_000_000, 2), makeSample(1_005_000, 2)];
    writer.accepted(host, samples);
    await until(() => healthCounters().remoteWrite.samples.sent > 0 && writer.queue.size === 0);
    expect(received).toHaveLength(3);
    const last = received[2]!;
    expect(last.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
      authorization: 'Bearer secret-token',
    });
    const series = decodeWriteRequest(snappyDecode(new Uint8Array(last.body)));
    // One series per registry series the sample has, each carrying both samples.
    expect(series.length).toBe(samplePoints(hostLabels(host), samples[0]!).length);
    const mem = series.find((s) => s.labels.some(([n, v]) => n === '__name__' && v === 'hostwatch_memory_used_bytes'))!;
    expect(mem).toEqual({
      labels: [['__name__', 'hostwatch_memory_used_bytes'], ['host', 'web-1'], ['host_id', 'h1'], ['tag_env', 'prod']],
      samples: samples.map((s) => ({ value: s.memory.used, ts: s.ts })),
    });
    expect(healthCounters().remoteWrite).toMatchObject({ retries: 2, samples: { sent: series.reduce((n, s) => n + s.samples.length, 0), dropped: 0, rejected: 0 } });
    // One log line for the first failure, none per retry after it.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('HTTP 503');
  });

  it('sends basic auth, drops a batch the receiver refuses with 400 and goes on with the next', async () => {
    answers = [{ status: 400 }];
    const writer = new RemoteWriter({ url, auth: { kind: 'basic', username: 'u', password: 'p:w' }, queueSamples: 10_000 }, { flushDelayMs: 1, batchPoints: 10, log: () => {} });
    const sample = makeSample(2_000_000, 3);
    const points = samplePoints(hostLabels(host), sample).length;
    writer.accepted(host, [sample]);
    const c = healthCounters().remoteWrite;
    await until(() => c.samples.sent + c.samples.rejected === points);
    expect(c.samples.rejected).toBe(10);
    expect(c.samples.sent).toBeGreaterThan(0);
    expect(c.lastError).toBe('HTTP 400: no thanks');
    expect(received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('drops and counts what does not fit while the receiver is down, never blocking the caller', async () => {
    answers = Array.from({ length: 1000 }, () => ({ status: 500 }));
    const writer = new RemoteWriter({ url, auth: { kind: 'none' }, queueSamples: 1000 }, { flushDelayMs: 1, backoffBaseMs: 1, log: () => {} });
    // The points one such sample makes (not every registry series: this sample has no GPUs, fans, services or containers).
    const perSample = samplePoints(hostLabels(host), makeSample(3_000_000, 4)).length;
    for (let i = 0; i < 50; i++) writer.accepted(host, [makeSample(3_000_000 + i * 5000, 4)]);
    await until(() => healthCounters().remoteWrite.samples.dropped > 0 && received.length > 2);
    expect(writer.queue.size).toBe(1000);
    expect(healthCounters().remoteWrite.samples.dropped).toBeGreaterThanOrEqual(50 * perSample - 1000);
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('refuses a URL that is not http or https', () => {
    expect(() => new RemoteWriter({ url: 'file:///etc/passwd', auth: { kind: 'none' }, queueSamples: 1000 })).toThrow(/http/);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verdictOf } from '@/lib/export/remote-write';
import { SendQueue, type SendVerdict } from '@/lib/export/send-queue';

/** A scripted receiver: each call is logged with the fake clock's time, and answers the next scripted verdict (then ok). */
function receiver(script: SendVerdict[] = []) {
  const calls: { at: number; batch: number[] }[] = [];
  return {
    calls,
    send: async (batch: number[]): Promise<SendVerdict> => {
      calls.push({ at: Date.now(), batch });
      return script.shift() ?? { kind: 'ok' };
    },
  };
}

function counting() {
  return { sent: 0, dropped: 0, rejected: 0, retries: [] as number[] };
}

function queue(send: (b: number[]) => Promise<SendVerdict>, c: ReturnType<typeof counting>, capacity = 10, batchSize = 4) {
  return new SendQueue<number>({
    capacity,
    batchSize,
    flushDelayMs: 1000,
    send,
    backoffBaseMs: 500,
    backoffMaxMs: 4000,
    random: () => 1,
    onSent: (n) => (c.sent += n),
    onDropped: (n) => (c.dropped += n),
    onRejected: (n) => (c.rejected += n),
    onRetry: (_, delay) => c.retries.push(delay),
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('the remote-write send queue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds at most its capacity and counts what it dropped', async () => {
    const r = receiver([{ kind: 'retry', error: 'HTTP 503' }]);
    const c = counting();
    const q = queue(r.send, c);
    expect(q.push(range(0, 8))).toBe(0);
    expect(q.push(range(8, 14))).toBe(4);
    expect(q.size).toBe(10);
    expect(c.dropped).toBe(4);
    // The in-flight batch still counts against the bound: nothing fits while the receiver fails.
    await vi.advanceTimersByTimeAsync(0);
    expect(q.push([99])).toBe(1);
    expect(c.dropped).toBe(5);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(q.size).toBe(0);
    expect(c.sent).toBe(10);
    // In order, the newest ones dropped.
    expect(r.calls.slice(1).flatMap((call) => call.batch)).toEqual(range(0, 10));
  });

  it('sends a full batch at once and a partial one after the flush delay', async () => {
    const r = receiver();
    const c = counting();
    const q = queue(r.send, c);
    q.push(range(0, 3));
    await vi.advanceTimersByTimeAsync(999);
    expect(r.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.calls).toEqual([{ at: 1000, batch: [0, 1, 2] }]);
    q.push(range(3, 12));
    await vi.advanceTimersByTimeAsync(1);
    // Full batches go without the delay (a zero timer, which the fake clock runs 1 ms on).
    expect(r.calls.map((call) => call.batch)).toEqual([[0, 1, 2], [3, 4, 5, 6], [7, 8, 9, 10]]);
    expect(r.calls[2]!.at).toBeLessThanOrEqual(1001);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.calls).toHaveLength(4);
    expect(r.calls[3]!.batch).toEqual([11]);
    expect(r.calls[3]!.at - r.calls[2]!.at).toBe(1000);
    expect(c.sent).toBe(12);
  });

  it('retries 5xx, 429 and network errors with doubling backoff up to the cap, honouring a longer Retry-After', async () => {
    const r = receiver([
      { kind: 'retry', error: 'HTTP 500' },
      { kind: 'retry', error: 'HTTP 503' },
      { kind: 'retry', error: 'HTTP 429', retryAfterMs: 3000 },
      { kind: 'retry', error: 'HTTP 502' },
      { kind: 'retry', error: 'HTTP 502' },
    ]);
    const c = counting();
    const q = queue(r.send, c);
    q.push(range(0, 4));
    await vi.advanceTimersByTimeAsync(30_000);
    // 500 ms, 1 s, then the receiver's 3 s (longer than the 2 s backoff), then 4 s, 4 s (the cap).
    expect(r.calls.map((call) => call.at)).toEqual([0, 500, 1500, 4500, 8500, 12500]);
    expect(c.retries).toEqual([500, 1000, 3000, 4000, 4000]);
    expect(r.calls.every((call) => call.batch.join() === '0,1,2,3')).toBe(true);
    expect(c.sent).toBe(4);
    expect(q.size).toBe(0);
  });

  it('treats a thrown send (no answer) as a retry, and a 4xx as a refusal that drops the batch and goes on', async () => {
    let calls = 0;
    const c = counting();
    const q = queue(async (batch) => {
      calls++;
      if (calls === 1) throw new Error('connect ECONNREFUSED');
      return batch[0] === 0 ? { kind: 'reject', error: 'HTTP 400: out of order' } : { kind: 'ok' };
    }, c);
    q.push(range(0, 6));
    await vi.advanceTimersByTimeAsync(5000);
    expect(c.retries).toEqual([500]);
    expect(c.rejected).toBe(4);
    expect(c.sent).toBe(2);
    expect(q.size).toBe(0);
  });

  it('maps the receiver\'s status: 2xx sent, 429 and 5xx retried (Retry-After in seconds), other codes refused', () => {
    expect(verdictOf(204, null, '')).toEqual({ kind: 'ok' });
    expect(verdictOf(429, '7', 'slow down')).toEqual({ kind: 'retry', error: 'HTTP 429: slow down', retryAfterMs: 7000 });
    expect(verdictOf(503, 'soon', '')).toEqual({ kind: 'retry', error: 'HTTP 503', retryAfterMs: undefined });
    expect(verdictOf(400, null, 'x'.repeat(500))).toEqual({ kind: 'reject', error: `HTTP 400: ${'x'.repeat(200)}` });
    expect(verdictOf(302, null, '').kind).toBe('reject');
  });
});

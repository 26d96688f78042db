import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '@/lib/http/http-error';
import { ingestRequest } from '@/lib/ingest/ingest-request';
import { KnownTokens } from '@/lib/ingest/known-tokens';
import { hashToken } from '@/lib/auth/tokens';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import type { Store } from '@/lib/store/types';
import { createTestHost, type TestHost } from '../../support/hosts';
import { makeBatch } from '../../support/samples';

/**
 * ingestRequest on a real SQLite store, called directly: the rate-limit hit
 * sent with the lookup for a token known here must leave every answer as the
 * lookup-then-limit order gives it, and count a refused token's old host at
 * most once.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-known-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMIT = 5;
const W = 60_000;
let n = 0;
let store: Store;
let known: KnownTokens;
let h: TestHost;
let clock: number;

function post(token: string, body: unknown = makeBatch(clock - 1_000 + n++)) {
  const request = new Request('http://hostwatch.test/api/v1/ingest', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return ingestRequest(request, store, { ingestPerMinute: LIMIT, now: () => clock, known }).then(
    ({ reply }) => reply.accepted,
    (err: unknown) => {
      if (err instanceof HttpError) return err.status;
      throw err;
    },
  );
}

/** The host's count in the current window, read by one more hit (which it includes). */
const countAfterOneMore = async (hostId: string) => (await store.hitRateLimit(`ingest:${hostId}`, W, clock)).count;

beforeEach(async () => {
  await store?.close();
  store = createStore({ kind: 'sqlite', file: path.join(dir, `db-${++n}`, 'hostwatch.db') }, DEFAULT_RETENTION);
  known = new KnownTokens();
  h = await createTestHost(store);
  clock = Math.floor(Date.now() / W) * W + 1_000;
});

describe('ingest with known tokens', () => {
  it('counts each request once, known token or not, and refuses past the limit before reading the body', async () => {
    expect(await post(h.token)).toBe(1);
    expect(known.hostOf(hashToken(h.token))).toBe(h.host.id);
    for (let i = 2; i <= LIMIT; i++) expect(await post(h.token)).toBe(1);
    // Over the limit: 429, even for a body that would be a 400.
    expect(await post(h.token, '{"not":"a batch"}')).toBe(429);
    expect(await countAfterOneMore(h.host.id)).toBe(LIMIT + 2);
  });

  it('answers 401 for a rotated token and 403 for a disabled host, counting the old host at most once', async () => {
    expect(await post(h.token)).toBe(1);
    await store.updateHost(h.host.id, { tokenHash: hashToken('hwh_rotated') });
    for (let i = 0; i < 3; i++) expect(await post(h.token)).toBe(401);
    expect(known.hostOf(hashToken(h.token))).toBeUndefined();
    // One hit went out with the first refused lookup; none after it.
    expect(await countAfterOneMore(h.host.id)).toBe(3);

    const other = await createTestHost(store);
    expect(await post(other.token)).toBe(1);
    await store.updateHost(other.host.id, { disabled: true });
    for (let i = 0; i < 3; i++) expect(await post(other.token)).toBe(403);
    expect(await countAfterOneMore(other.host.id)).toBe(3);
  });

  it('answers 401 once the host is deleted, and an unknown token never touches a window', async () => {
    expect(await post(h.token)).toBe(1);
    await store.deleteHost(h.host.id);
    expect(await post(h.token)).toBe(401);
    expect(await post('hwh_never-issued')).toBe(401);
    expect(known.hostOf(hashToken('hwh_never-issued'))).toBeUndefined();
  });
});

import { createHash } from 'node:crypto';
import type { Script } from './scripts';
import { ingestSource } from './scripts';

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * A host's credentials in its own slot, so one script can check a token, count the rate limit and ingest
 * (one command per POST on Redis and Upstash, Cluster-safe: every key carries the host's hash tag).
 *
 * The hosts hash stays the authority (`tok:<hash>`, the record JSON); `<prefix>{id}:auth` is a copy:
 * `v` the record's version (`av:<id>` in the hosts hash, bumped by every host script), `th` the newest
 * token hash, `d` disabled ('1'/'0'), `h` the record JSON, and `t` the token hash the fused ingest
 * accepts. A copy is written only by a newer version, so concurrent edits converge on the newest record.
 *
 * Rotation, disabling and deletion must hold at once, even if the process dies between its two writes
 * (and the tags alerting scopes by must not stay stale): before the record changes, every update writes
 * a *hold* that empties `t` and names its writer in `n`. While `t` is empty the
 * fused ingest answers "ask the record" and the caller looks the token up in the hosts hash (the three
 * calls of before), which is right whatever happened; only the holder's own sync (or a later hold's)
 * brings `t` back. A deleted host's copy is held for ever by `!deleted` (no sync matches it) until it
 * expires a day later; the deleted-series mark refuses its batches for as long.
 */

/** How long a deleted host's held copy outlives it (as its deleted-series mark). */
export const BURIED_MS = 24 * 3_600_000;

/**
 * Writes the copy if this version is newer; then, unless another writer holds it, enables the newest token.
 * KEYS: 1 auth hash. ARGV: 1 version, 2 token hash, 3 disabled '1'/'0', 4 record JSON, 5 this writer's hold ('' none).
 * Returns 1 when `t` is enabled, 0 when a hold by another writer keeps it empty.
 */
export const SYNC_AUTH = script(`
local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'v', ARGV[1], 'th', ARGV[2], 'd', ARGV[3], 'h', ARGV[4]) end
local n = redis.call('HGET', KEYS[1], 'n')
if n and n ~= ARGV[5] then return 0 end
if n then redis.call('HDEL', KEYS[1], 'n') end
local th = redis.call('HGET', KEYS[1], 'th')
if th then redis.call('HSET', KEYS[1], 't', th) end
return 1
`);

/**
 * Empties `t` before a host update, naming the writer. A copy that does not exist
 * is left so (the lookup answers for such a host anyway), and a buried one stays buried.
 * KEYS: 1 auth hash. ARGV: 1 hold. Returns 1 when held.
 */
export const HOLD_AUTH = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'n') == '!deleted' then return 0 end
redis.call('HSET', KEYS[1], 't', '', 'n', ARGV[1])
return 1
`);

/** Holds the copy for good before the record is deleted. KEYS: 1 auth hash. ARGV: 1 ms it is kept. */
export const BURY_AUTH = script(`
redis.call('HSET', KEYS[1], 't', '', 'n', '!deleted')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`);

/** The fused ingest's answers before the ingest itself (the ingest script's are -1 stale catalog, -2 deleted). */
export const AUTH_CODES = { ask: -6, disabled: -5, limited: -4, refused: -3 } as const;

/**
 * Lua run first by the fused scripts. ARGV: 2 token hash, 3 limit, 4 window start, 5 ms left in the window,
 * 6 index in KEYS of the auth hash (the rate-limit hash is the next key), 7 '1' when this POST was counted
 * already (a retry after a stale catalog: checked, not counted again).
 */
const AUTH_PRELUDE = `
local ai = tonumber(ARGV[6])
local a = redis.call('HMGET', KEYS[ai], 't', 'd', 'h')
if not a[1] or a[1] == '' then return { ${AUTH_CODES.ask} } end
if a[1] ~= ARGV[2] then return { ${AUTH_CODES.refused} } end
if a[2] == '1' then return { ${AUTH_CODES.disabled}, a[3] } end
local rl = KEYS[ai + 1]
local c
if ARGV[7] == '1' then
  c = 0
  if redis.call('HGET', rl, 'w') == ARGV[4] then c = tonumber(redis.call('HGET', rl, 'c') or '0') end
elseif redis.call('HGET', rl, 'w') == ARGV[4] then
  c = redis.call('HINCRBY', rl, 'c', 1)
else
  redis.call('HSET', rl, 'w', ARGV[4], 'c', 1)
  c = 1
end
redis.call('PEXPIRE', rl, ARGV[5])
if c > tonumber(ARGV[3]) then return { ${AUTH_CODES.limited} } end
local host = a[3]
`;

/**
 * Token check, rate limit and the ingest script (scripts.ts) as one: KEYS and ARGV[1] as INGEST, then
 * the auth hash and the rate-limit hash last (ARGV 2–7 above). Answers INGEST's reply with the host's
 * record JSON after watchedUntil, or one of AUTH_CODES.
 */
export const HOST_INGEST = script(ingestSource(AUTH_PRELUDE));

/**
 * The same check and count without a batch (a body that will be refused). KEYS: 1 the deleted-series
 * mark, 2 the auth hash, 3 the rate-limit hash; ARGV as above (1 unused, 6 is 2). Answers {1, record JSON},
 * {-2} for a host whose series were deleted, or a code.
 */
export const HOST_CHECK = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return { -2 } end
${AUTH_PRELUDE}
return { 1, host }
`);

import { createHash } from 'node:crypto';

/**
 * Lua scripts of the Redis store. Each runs atomically in one round trip
 * (EVALSHA, EVAL when the server does not know the script yet). The ingest
 * script touches only keys of one host (one hash tag), so it is Cluster-safe.
 */
export interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * Executes the shared ingest plan (lib/store/ingest-plan.ts; arguments built by redis/ingest-args.ts).
 * KEYS: 1 state hash, 2 schemas hash, 3 columns hash, 4 watch mark, 5 snapshot index, 6 the deleted-host mark,
 * 7 catalog hash (version `v`, next ids, seen hours), then the chunk, rollup and snapshot keys the payload
 * refers to by position.
 * Without `st` (the batch kept no sample) the host's state is left as it is.
 * ARGV: 1 payload JSON, then any of the caller's own, then the payload's `nb` blobs (JSON texts stored as they are,
 * which the payload names by number) and its `nt` offered bucket texts (ingest-args.ts).
 * Returns {accepted, duplicates, watchedUntil or -1, host, written} (host: what the prelude set, see ingestSource; "" here;
 * written: bucket number and text pairs, hot-buckets.ts); or, when the plan was made from another catalog than
 * the stored one (another server instance added or removed entries, or saw an entry this plan drops),
 * {-1, columns, schemas, catalog} with the three hashes so the caller can plan again; {-2} when the host's
 * series were deleted (nothing written). Numbers above 2^53 never reach it (the wire contract's ranges);
 * sums past that are written in exponent form (num), never through %d, which would overflow.
 */
export const INGEST = script(ingestSource(`local host = ''`));

/**
 * The ingest script's text after `prelude`, Lua that may return early and sets `host` (a string the script
 * answers last, after watchedUntil): the fused ingest (host-auth.ts) checks the token and the rate limit there.
 */
export function ingestSource(prelude: string): string {
  return `
if redis.call('EXISTS', KEYS[6]) == 1 then return { -2 } end
${prelude}
local P = cjson.decode(ARGV[1])
local v = redis.call('HGET', KEYS[7], 'v')
if v then
  v = tonumber(v)
elseif redis.call('HLEN', KEYS[3]) > 0 or redis.call('HLEN', KEYS[2]) > 0 then
  v = 1 -- a catalog written before the counter (ingest-args.ts, legacyVersion)
else
  v = 0
end
local current = v == P.cv
for i = 1, #P.chk, 2 do
  if not current then break end
  local seen = tonumber(redis.call('HGET', KEYS[7], P.chk[i]) or '')
  current = seen ~= nil and seen < tonumber(P.chk[i + 1])
end
if not current then
  return { -1, redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[7]) }
end
-- In slices: unpack has a stack limit, and a host at raised caps has tens of thousands of entries.
local function each(cmd, key, list)
  for i = 1, #list, 1000 do redis.call(cmd, key, unpack(list, i, math.min(i + 999, #list))) end
end
-- Drops before additions: a name may leave and come back with a new id in one plan.
each('HDEL', KEYS[3], P.dc)
each('HDEL', KEYS[2], P.ds)
each('HDEL', KEYS[7], P.dm)
each('HSET', KEYS[3], P.nc)
each('HSET', KEYS[2], P.ns)
each('HSET', KEYS[7], P.seen)
each('HSET', KEYS[7], P.cat)

local function int(n) return string.format('%d', n) end
local function num(n)
  if n < 9007199254740992 then return string.format('%d', n) end
  return string.format('%.17g', n)
end
local F = '([^,;]+)'
local ENTRY = F .. ',' .. F .. ',' .. F .. ',' .. F .. ',' .. F
local function finite(x) return x ~= nil and x == x and x >= 0 and x < math.huge end
local function parse(text)
  local t = {}
  if text then
    for c, s, n, lo, hi in string.gmatch(text, ENTRY) do
      local e = { tonumber(s), tonumber(n), tonumber(lo), tonumber(hi) }
      -- An unreadable entry is dropped, as the TypeScript reader skips it: it must not fail the batch.
      if finite(tonumber(c)) and finite(e[1]) and finite(e[2]) and e[2] > 0 and finite(e[3]) and finite(e[4]) then t[tonumber(c)] = e end
    end
  end
  return t
end
local function format(t)
  local cols = {}
  for c in pairs(t) do cols[#cols + 1] = c end
  table.sort(cols)
  local parts = {}
  for i, c in ipairs(cols) do
    local a = t[c]
    parts[i] = int(c) .. ',' .. num(a[1]) .. ',' .. num(a[2]) .. ',' .. num(a[3]) .. ',' .. num(a[4])
  end
  return table.concat(parts, ';')
end

-- Samples usually arrive in time order: a ts above the newest one stored is new without reading its chunk.
local marks = redis.call('HMGET', KEYS[1], 'rmax', 'smax', 'ts')
local newest = { raw = tonumber(marks[1] or '-1'), seen = tonumber(marks[2] or '-1') }
local function isNew(s)
  if s.ts > newest[s.rec and 'raw' or 'seen'] then return true end
  local chunk = redis.call('GET', KEYS[s.k])
  return (not chunk) or (string.find(chunk, s.tok, 1, true) == nil)
end
-- The planner's merged texts (hot-buckets.ts), the last P.nt arguments: a pair per bucket, the text it
-- believes stored and that text with every sample of the batch added. Usable only if every sample is new.
local nt = P.nt or 0
local tb = #ARGV - nt
local bb = tb - P.nb
local function blob(n) return ARGV[bb + n] end
-- The i-th sample's columns and values: one blob for the batch, decoded only for a merge made here (most batches take the offer).
local CV
local function cv(i)
  if not CV then CV = cjson.decode(blob(P.cvs)) end
  return CV[i]
end
local offered = nt > 0
local fresh = {}
if offered then
  for i, s in ipairs(P.samples) do
    fresh[i] = isNew(s)
    if not fresh[i] then offered = false end
  end
end
local accepted, duplicates, snapshots = 0, 0, 0
local chunkTtl = {}
local buckets, order = {}, {}
for i, s in ipairs(P.samples) do
  -- Checked already when texts were offered (their times are distinct, so the answers still hold): no second GET.
  local new = fresh[i]
  if new == nil then new = isNew(s) end
  if new then
    local kind = s.rec and 'raw' or 'seen'
    local key = KEYS[s.k]
    accepted = accepted + 1
    redis.call('APPEND', key, s.tok .. (s.rec or ''))
    -- Once per chunk key below: its samples share its expiry, and a batch's samples nearly always share a chunk.
    chunkTtl[s.k] = s.x
    if s.ts > newest[kind] then newest[kind] = s.ts end
    for _, r in ipairs(s.r) do
      local b = buckets[r[4]]
      if not b then
        local cur = redis.call('HGET', KEYS[r[1]], r[2])
        b = { no = r[4], k = r[1], f = r[2], x = r[3] }
        if offered and (cur or '') == ARGV[tb + 2 * r[4] - 1] then
          b.text = ARGV[tb + 2 * r[4]]
        else
          b.aggs = parse(cur)
        end
        buckets[r[4]] = b
        order[#order + 1] = b
      end
      local aggs = b.aggs
      if aggs then
        local d = cv(i)
        local vs = d[2]
        for j, c in ipairs(d[1]) do
          local v = vs[j]
          local a = aggs[c]
          if a then
            a[1] = a[1] + v
            a[2] = a[2] + 1
            if v < a[3] then a[3] = v end
            if v > a[4] then a[4] = v end
          else
            aggs[c] = { v, 1, v, v }
          end
        end
      end
    end
    if s.ps and redis.call('HSETNX', KEYS[s.ps.k], s.ps.f, blob(s.ps.d)) == 1 then
      redis.call('PEXPIRE', KEYS[s.ps.k], s.ps.x)
      redis.call('ZADD', KEYS[5], s.ts, int(s.ts))
      snapshots = snapshots + 1
    end
  else
    duplicates = duplicates + 1
  end
end
for k, x in pairs(chunkTtl) do redis.call('PEXPIRE', KEYS[k], x) end
-- What each bucket now holds, for the planner's next offer: '' where its own merge was written.
local written = {}
for _, b in ipairs(order) do
  local text = b.text or format(b.aggs)
  written[#written + 1] = b.no
  written[#written + 1] = b.text and '' or text
  redis.call('HSET', KEYS[b.k], b.f, text)
  redis.call('PEXPIRE', KEYS[b.k], b.x)
end
if snapshots > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', '(' .. int(P.psFloor))
  redis.call('PEXPIRE', KEYS[5], P.psTtl)
end

local st = P.st
if st then
  local fields = { 'seen', int(st.seen), 'c', blob(st.c), 'skew', int(st.skew), 'rmax', int(newest.raw), 'smax', int(newest.seen) }
  if st.sys then
    fields[#fields + 1] = 'sys'
    fields[#fields + 1] = blob(st.sys)
  end
  if st.cap then
    fields[#fields + 1] = 'cap'
    fields[#fields + 1] = blob(st.cap)
  end
  local cur = marks[3] -- not written since the script began
  if (not cur) or st.ts > tonumber(cur) then
    for _, x in ipairs({ 'ts', int(st.ts), 'l', blob(st.l), 'p', blob(st.p) }) do fields[#fields + 1] = x end
  end
  redis.call('HSET', KEYS[1], unpack(fields))
  if accepted > 0 and st.d > 0 then redis.call('HINCRBY', KEYS[1], 'd', int(st.d)) end
end

local w = tonumber(redis.call('GET', KEYS[4]) or '-1')
if w <= P.now then w = -1 end
return { accepted, duplicates, w, host, written }
`;
}

/** Fixed-window counter. KEYS: 1 counter hash. ARGV: window start, ms left in the window. Returns the count. */
export const RATE_LIMIT = script(`
local c
if redis.call('HGET', KEYS[1], 'w') == ARGV[1] then
  c = redis.call('HINCRBY', KEYS[1], 'c', 1)
else
  redis.call('HSET', KEYS[1], 'w', ARGV[1], 'c', 1)
  c = 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return c
`);

/**
 * Creates a record and its unique index fields in one hash, only if none exists yet.
 * KEYS: 1 hash. ARGV: field, value pairs (the record first). Returns 1 when created, 0 on a conflict.
 */
export const CREATE_RECORD = script(`
for i = 1, #ARGV, 2 do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then return 0 end
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`);

/** Follows an index field to its record. KEYS: 1 hash. ARGV: 1 index field, 2 record field prefix, 3.. extra field prefixes. */
export const FIND_BY_INDEX = script(`
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return nil end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] .. id end
return redis.call('HMGET', KEYS[1], unpack(fields))
`);

import { createHash } from 'node:crypto';
import type { Script } from './scripts';

// Built here rather than imported: scripts.ts holds the ingest script, which is edited on its own.
const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * Lua scripts of the alert store. Each runs atomically in one round trip on
 * Redis and Upstash. Every key they touch starts with ARGV[1], the alert base
 * `<prefix>{alerts}:` (keys.ts alertKeys), so all of them are in the slot of
 * the KEYS passed: the fixed keys come as KEYS, the per-host, per-rule and
 * per-delivery ones are built from the base the same way keys.ts builds them.
 *
 * Numbers the scripts store are the strings Node sent (never re-encoded by
 * cjson, which keeps 14 digits); ids never hold a NUL (alert-records.ts), so
 * `rule .. NUL` is an exact prefix of a state key.
 */

const Z = 'local Z = string.char(0)';

/**
 * The engine's atomic write. KEYS: 1 state hosts, 2 events, 3 event tags, 4 event times, 5 due deliveries, 6 finished deliveries.
 * ARGV: 1 base, 2 event cutoff (older are dropped), 3 max events, 4 #states, 5 #events, 6 #deliveries, then
 * per state: host, state key, rule, expected version ('' = must not exist), JSON ('' = delete);
 * per event: id, at, host, rule, severity, JSON; per delivery: id, JSON, status, attempts, dueAt, leaseUntil (''), claimable-at.
 * Returns {1}, or {0, conflicting state keys...} having written nothing. A stored state that is not JSON with a
 * numeric version counts as absent, so the engine (which skipped it as corrupt) can replace it.
 */
export const COMMIT = script(`
${Z}
local B = ARGV[1]
local ns, ne, nd = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local SS, ES, DS = 7, 7 + ns * 5, 7 + ns * 5 + ne * 6
local conflicts = {}
for i = SS, ES - 1, 5 do
  local cur = redis.call('HGET', B .. 'st:' .. ARGV[i], ARGV[i + 1])
  local have = nil
  if cur then
    local ok, s = pcall(cjson.decode, cur)
    if ok and type(s) == 'table' and type(s.version) == 'number' then have = s.version end
  end
  local want = ARGV[i + 3]
  if (want == '' and have ~= nil) or (want ~= '' and have ~= tonumber(want)) then conflicts[#conflicts + 1] = ARGV[i + 1] end
end
if #conflicts > 0 then return { 0, unpack(conflicts) } end

for i = SS, ES - 1, 5 do
  local host, field, rule, json = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 4]
  local hk = B .. 'st:' .. host
  if json ~= '' then
    redis.call('HSET', hk, field, json)
    redis.call('SADD', KEYS[1], host)
    redis.call('SADD', B .. 'strule:' .. rule, host)
  elseif redis.call('HDEL', hk, field) == 1 then
    local p, left = rule .. Z, false
    for _, f in ipairs(redis.call('HKEYS', hk)) do
      if string.sub(f, 1, #p) == p then left = true break end
    end
    if not left then redis.call('SREM', B .. 'strule:' .. rule, host) end
    if redis.call('EXISTS', hk) == 0 then redis.call('SREM', KEYS[1], host) end
  end
end

for i = ES, DS - 1, 6 do
  local id, at, host, rule = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('HSETNX', KEYS[2], id, ARGV[i + 5]) == 1 then
    redis.call('HSET', KEYS[3], id, host .. Z .. rule .. Z .. ARGV[i + 4])
    redis.call('ZADD', KEYS[4], at, id)
    redis.call('ZADD', B .. 'evh:' .. host, at, id)
    redis.call('ZADD', B .. 'evr:' .. rule, at, id)
  end
end

for i = DS, #ARGV, 7 do
  local id, status = ARGV[i], ARGV[i + 2]
  local dk = B .. 'dl:' .. id
  if redis.call('EXISTS', dk) == 0 and not redis.call('ZSCORE', KEYS[6], id) then
    if status == 'queued' then
      redis.call('HSET', dk, 'json', ARGV[i + 1], 'status', status, 'attempts', ARGV[i + 3], 'dueAt', ARGV[i + 4], 'leaseUntil', ARGV[i + 5])
      redis.call('ZADD', KEYS[5], ARGV[i + 6], id)
    else
      redis.call('ZADD', KEYS[6], ARGV[i + 6], id)
    end
  end
end

local function drop(id)
  local tags = redis.call('HGET', KEYS[3], id)
  if tags then
    local a = string.find(tags, Z, 1, true)
    local b = a and string.find(tags, Z, a + 1, true)
    if b then
      redis.call('ZREM', B .. 'evh:' .. string.sub(tags, 1, a - 1), id)
      redis.call('ZREM', B .. 'evr:' .. string.sub(tags, a + 1, b - 1), id)
    end
  end
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[4], id)
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[2])) do drop(id) end
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[3])
if excess > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, excess - 1)) do drop(id) end
end
return { 1 }
`);

/**
 * States of one host, of one rule, or all, as JSON values. KEYS: 1 state hosts. ARGV: 1 base, 2 host or '', 3 rule or ''.
 */
export const LIST_STATES = script(`
${Z}
local B, host, rule = ARGV[1], ARGV[2], ARGV[3]
local hosts
if host ~= '' then hosts = { host }
elseif rule ~= '' then hosts = redis.call('SMEMBERS', B .. 'strule:' .. rule)
else hosts = redis.call('SMEMBERS', KEYS[1]) end
local p = rule .. Z
local out = {}
for _, h in ipairs(hosts) do
  local kv = redis.call('HGETALL', B .. 'st:' .. h)
  for j = 1, #kv, 2 do
    if rule == '' or string.sub(kv[j], 1, #p) == p then out[#out + 1] = kv[j + 1] end
  end
end
return out
`);

/** Every state of one host, with its index entries. KEYS: 1 state hosts. ARGV: 1 base, 2 host. */
export const DELETE_HOST_STATES = script(`
${Z}
local B, host = ARGV[1], ARGV[2]
local hk = B .. 'st:' .. host
local rules = {}
for _, f in ipairs(redis.call('HKEYS', hk)) do
  local sep = string.find(f, Z, 1, true)
  if sep then rules[#rules + 1] = string.sub(f, 1, sep - 1) end
end
redis.call('DEL', hk)
redis.call('SREM', KEYS[1], host)
for _, rule in ipairs(rules) do redis.call('SREM', B .. 'strule:' .. rule, host) end
return #rules
`);

/** Every state of one rule, on every host that has one. KEYS: 1 state hosts. ARGV: 1 base, 2 rule. */
export const DELETE_RULE_STATES = script(`
${Z}
local B, rule = ARGV[1], ARGV[2]
local rk = B .. 'strule:' .. rule
local p = rule .. Z
for _, h in ipairs(redis.call('SMEMBERS', rk)) do
  local hk = B .. 'st:' .. h
  for _, f in ipairs(redis.call('HKEYS', hk)) do
    if string.sub(f, 1, #p) == p then redis.call('HDEL', hk, f) end
  end
  if redis.call('EXISTS', hk) == 0 then redis.call('SREM', KEYS[1], h) end
end
redis.call('DEL', rk)
return 1
`);

/**
 * Events newest first (score, then id, both descending), filtered without reading their JSON.
 * KEYS: 1 events, 2 event tags, 3 event times. ARGV: 1 base, 2 host or '', 3 rule or '', 4 severity or '',
 * 5 from, 6 to (scores, '-inf' / '+inf'), 7 limit. The host's or rule's own index is walked when one is named.
 * Returns the JSON of each (false where an indexed event has no JSON: the caller counts it as unreadable).
 */
export const LIST_EVENTS = script(`
${Z}
local B, host, rule, sev = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local idx = KEYS[3]
if host ~= '' then idx = B .. 'evh:' .. host elseif rule ~= '' then idx = B .. 'evr:' .. rule end
local limit = tonumber(ARGV[7])
local out, offset = {}, 0
while #out < limit do
  local ids = redis.call('ZREVRANGEBYSCORE', idx, ARGV[6], ARGV[5], 'LIMIT', offset, 256)
  if #ids == 0 then break end
  offset = offset + #ids
  for _, id in ipairs(ids) do
    local tags = redis.call('HGET', KEYS[2], id)
    local a = tags and string.find(tags, Z, 1, true)
    local b = a and string.find(tags, Z, a + 1, true)
    if b and (host == '' or string.sub(tags, 1, a - 1) == host) and (rule == '' or string.sub(tags, a + 1, b - 1) == rule)
      and (sev == '' or string.sub(tags, b + 1) == sev) then
      out[#out + 1] = redis.call('HGET', KEYS[1], id)
      if #out >= limit then break end
    end
  end
end
return out
`);

/** Replaces a record that exists. KEYS: 1 hash. ARGV: 1 id, 2 JSON. Returns 1, or 0 when there is none. */
export const REPLACE_RECORD = script(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/**
 * Leases up to `limit` queued deliveries claimable at `now` (due, and any lease over): their score becomes the
 * lease's end, so no other claim sees them until then. KEYS: 1 due deliveries. ARGV: 1 base, 2 now, 3 lease end, 4 limit.
 * Returns per delivery {json, status, attempts, dueAt, leaseUntil}.
 */
export const CLAIM_DELIVERIES = script(`
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))) do
  local dk = ARGV[1] .. 'dl:' .. id
  if redis.call('HGET', dk, 'status') == 'queued' then
    redis.call('HSET', dk, 'leaseUntil', ARGV[3])
    redis.call('ZADD', KEYS[1], ARGV[3], id)
    out[#out + 1] = redis.call('HMGET', dk, 'json', 'status', 'attempts', 'dueAt', 'leaseUntil')
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`);

/** Every queued delivery, as CLAIM_DELIVERIES returns them, read in one step. KEYS: 1 due deliveries. ARGV: 1 base. */
export const LIST_QUEUED = script(`
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  out[#out + 1] = redis.call('HMGET', ARGV[1] .. 'dl:' .. id, 'json', 'status', 'attempts', 'dueAt', 'leaseUntil')
end
return out
`);

/**
 * Logs an attempt (newest first, capped) and ends the delivery or queues it again. A delivery that is unknown or
 * already finished keeps its state; the attempt is logged all the same (it happened).
 * KEYS: 1 due deliveries, 2 finished deliveries. ARGV: 1 base, 2 id, 3 channel, 4 attempt JSON, 5 log cap,
 * 6 next status, 7 next due time (queued) or the attempt's time, 8 finished cutoff (older are forgotten), 9 finished cap.
 * Returns 1 when the delivery changed, else 0.
 */
export const FINISH_DELIVERY = script(`
local B, id = ARGV[1], ARGV[2]
local lk = B .. 'log:' .. ARGV[3]
redis.call('LPUSH', lk, ARGV[4])
redis.call('LTRIM', lk, 0, tonumber(ARGV[5]) - 1)
local dk = B .. 'dl:' .. id
if redis.call('HGET', dk, 'status') ~= 'queued' then return 0 end
if ARGV[6] == 'queued' then
  redis.call('HINCRBY', dk, 'attempts', 1)
  redis.call('HSET', dk, 'dueAt', ARGV[7], 'leaseUntil', '')
  redis.call('ZADD', KEYS[1], ARGV[7], id)
  return 1
end
redis.call('DEL', dk)
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[2], ARGV[7], id)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[8])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[9])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
return 1
`);

/**
 * Takes a named lease when it is free, expired at `now`, or already the owner's (a renewal). The caller's clock
 * decides, not the server's (no PX): instances share the engine's notion of time, and tests move it.
 * KEYS: 1 the lease hash. ARGV: 1 owner, 2 now, 3 until. Returns 1 when `owner` holds it until then, else 0.
 */
export const ACQUIRE_LEASE = script(`
local cur = redis.call('HMGET', KEYS[1], 'owner', 'until')
if cur[1] and cur[1] ~= ARGV[1] and (tonumber(cur[2]) or 0) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'until', ARGV[3])
return 1
`);

import { createHash } from 'node:crypto';
import type { Script } from './scripts';

// Built here rather than imported: scripts.ts holds the ingest script, which is edited on its own.
const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * Lua scripts for record updates and deletes. A record and its unique index
 * fields share one hash, so each script touches one key (Cluster-safe) and
 * runs atomically in one round trip, on Upstash too. Reading the record in
 * Node and writing it back would lose a concurrent change: a PATCH racing a
 * token rotation used to write the old token's index back.
 */

/**
 * Merges a patch into the record JSON and moves its copy index when the indexed field changes.
 * KEYS: 1 hash. ARGV: 1 record id, 2 copy-index prefix ('' for none; the index field holds the record JSON too),
 * 3 the record field naming the index, then field, JSON-value pairs of the patch.
 * Returns {1, new JSON}, {0} when there is no such record, {-1} when the new index is taken by another record.
 *
 * Patched values arrive as JSON text and are spliced in as they are; untouched values are re-encoded by
 * cjson, which writes an empty table as {}: every table in these records is a list, so an empty one is [].
 */
/** Host name index, in the hosts hash: `name:<key>` counts the hosts whose name has that key, `nk:<id>` is a host's key. */
const NAME_CHECK = `
local newKey = ARGV[4]
local oldKey = redis.call('HGET', KEYS[1], 'nk:' .. ARGV[1])
local renames = newKey ~= '' and newKey ~= oldKey
if newKey ~= '' and redis.call('HEXISTS', KEYS[1], 'names:v1') == 0 then return { -2 } end
if renames and tonumber(redis.call('HGET', KEYS[1], 'name:' .. newKey) or '0') > 0 then return { -3 } end
`;
const NAME_MOVE = `
if renames then
  if oldKey then
    if redis.call('HINCRBY', KEYS[1], 'name:' .. oldKey, -1) <= 0 then redis.call('HDEL', KEYS[1], 'name:' .. oldKey) end
  end
  redis.call('HINCRBY', KEYS[1], 'name:' .. newKey, 1)
  redis.call('HSET', KEYS[1], 'nk:' .. ARGV[1], newKey)
end
`;

/** A host's record version (`av:<id>`), bumped by each update: the in-slot copy of its credentials takes only newer ones (host-auth.ts). */
const HOST_VERSION = `
return { 1, out, redis.call('HINCRBY', KEYS[1], 'av:' .. ARGV[1], 1) }
`;

const updateSource = (host: boolean) => `
local field = 'id:' .. ARGV[1]
local cur = redis.call('HGET', KEYS[1], field)
if not cur then return { 0 } end
local rec = cjson.decode(cur)
${host ? NAME_CHECK : ''}
local patch = {}
for i = ${host ? 5 : 4}, #ARGV, 2 do patch[ARGV[i]] = ARGV[i + 1] end
local parts = {}
for k, v in pairs(rec) do
  local json = patch[k]
  if json == nil then
    if type(v) == 'table' and next(v) == nil then json = '[]' else json = cjson.encode(v) end
  end
  parts[#parts + 1] = cjson.encode(k) .. ':' .. json
end
for k, json in pairs(patch) do
  if rec[k] == nil then parts[#parts + 1] = cjson.encode(k) .. ':' .. json end
end
local out = '{' .. table.concat(parts, ',') .. '}'
local writes = { field, out }
if ARGV[2] ~= '' then
  local old = ARGV[2] .. rec[ARGV[3]]
  local new = old
  if patch[ARGV[3]] then new = ARGV[2] .. cjson.decode(patch[ARGV[3]]) end
  if new ~= old then
    if redis.call('HEXISTS', KEYS[1], new) == 1 then return { -1 } end
    redis.call('HDEL', KEYS[1], old)
  end
  writes[3] = new
  writes[4] = out
end
redis.call('HSET', KEYS[1], unpack(writes))
${host ? NAME_MOVE + HOST_VERSION : 'return { 1, out }'}
`;

export const UPDATE_RECORD = script(updateSource(false));

/**
 * UPDATE_RECORD for hosts, keeping the name index: ARGV 4 is the new name's key ('' when the name is not
 * patched) and the patch pairs start at 5; success is {1, new JSON, new version}. Also returns {-2} when the index is not built yet (an old store:
 * INDEX_HOST_NAMES, then again) and {-3} when another host has the name; nothing is written then.
 */
export const UPDATE_HOST = script(updateSource(true));

/**
 * Creates a host with its token copy and its name key, unless the id or token is taken ({0}), another host
 * has the name's key (-1) or the index is not built yet (-2); its record version (`av:<id>`) starts at 1. KEYS: 1 hosts hash. ARGV: 1 id, 2 name key,
 * 3 record JSON, 4 token field.
 */
export const CREATE_HOST = script(`
if redis.call('HEXISTS', KEYS[1], 'names:v1') == 0 then return -2 end
if redis.call('HEXISTS', KEYS[1], 'id:' .. ARGV[1]) == 1 or redis.call('HEXISTS', KEYS[1], ARGV[4]) == 1 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'name:' .. ARGV[2]) or '0') > 0 then return -1 end
redis.call('HSET', KEYS[1], 'id:' .. ARGV[1], ARGV[3], ARGV[4], ARGV[3], 'nk:' .. ARGV[1], ARGV[2], 'av:' .. ARGV[1], '1')
redis.call('HINCRBY', KEYS[1], 'name:' .. ARGV[2], 1)
return 1
`);

/**
 * Builds the name index of a store written before names were unique, once: the keys are computed in Node
 * (hostNameKey is Unicode-aware, Lua is not), so the script is handed every host as id, name, key and
 * refuses (0, the caller reads again) unless that list is exactly the hash's hosts with those names.
 * Duplicates already stored are counted, not refused: both stay, and the name stays taken while either
 * has it. KEYS: 1 hosts hash. ARGV: id, name, key triples. Returns 1 when the index is (now) built.
 */
export const INDEX_HOST_NAMES = script(`
if redis.call('HEXISTS', KEYS[1], 'names:v1') == 1 then return 1 end
local n = 0
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 3) == 'id:' then n = n + 1 end
end
if n * 3 ~= #ARGV then return 0 end
for i = 1, #ARGV, 3 do
  local cur = redis.call('HGET', KEYS[1], 'id:' .. ARGV[i])
  if not cur or cjson.decode(cur).name ~= ARGV[i + 1] then return 0 end
end
for i = 1, #ARGV, 3 do
  redis.call('HSET', KEYS[1], 'nk:' .. ARGV[i], ARGV[i + 2])
  redis.call('HINCRBY', KEYS[1], 'name:' .. ARGV[i + 2], 1)
end
redis.call('HSET', KEYS[1], 'names:v1', '1')
return 1
`);

/**
 * Removes a record with its index field (named by a record field, read here so it is the current one)
 * and further per-id fields, in one step: a deleted host's token can never match again.
 * KEYS: 1 hash. ARGV: 1 record id, 2 index prefix, 3 the record field naming the index, 4.. prefixes of
 * further fields (completed with the id). Returns 1 when the record existed, else 0. A host's name key
 * (`nk:<id>`, see UPDATE_HOST) is released with it; other kinds have none, so that part does nothing there.
 */
export const DELETE_RECORD = script(`
local field = 'id:' .. ARGV[1]
local cur = redis.call('HGET', KEYS[1], field)
if not cur then return 0 end
local rec = cjson.decode(cur)
local key = redis.call('HGET', KEYS[1], 'nk:' .. ARGV[1])
if key and redis.call('HINCRBY', KEYS[1], 'name:' .. key, -1) <= 0 then redis.call('HDEL', KEYS[1], 'name:' .. key) end
local gone = { field, ARGV[2] .. rec[ARGV[3]], 'nk:' .. ARGV[1] }
for i = 4, #ARGV do gone[#gone + 1] = ARGV[i] .. ARGV[1] end
redis.call('HDEL', KEYS[1], unpack(gone))
return 1
`);

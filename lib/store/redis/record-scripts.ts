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
export const UPDATE_RECORD = script(`
local field = 'id:' .. ARGV[1]
local cur = redis.call('HGET', KEYS[1], field)
if not cur then return { 0 } end
local rec = cjson.decode(cur)
local patch = {}
for i = 4, #ARGV, 2 do patch[ARGV[i]] = ARGV[i + 1] end
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
return { 1, out }
`);

/**
 * Removes a record with its index field (named by a record field, read here so it is the current one)
 * and further per-id fields, in one step: a deleted host's token can never match again.
 * KEYS: 1 hash. ARGV: 1 record id, 2 index prefix, 3 the record field naming the index, 4.. prefixes of
 * further fields (completed with the id). Returns 1 when the record existed, else 0.
 */
export const DELETE_RECORD = script(`
local field = 'id:' .. ARGV[1]
local cur = redis.call('HGET', KEYS[1], field)
if not cur then return 0 end
local rec = cjson.decode(cur)
local gone = { field, ARGV[2] .. rec[ARGV[3]] }
for i = 4, #ARGV do gone[#gone + 1] = ARGV[i] .. ARGV[1] end
redis.call('HDEL', KEYS[1], unpack(gone))
return 1
`);

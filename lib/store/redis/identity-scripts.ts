import 'server-only';
import { createHash } from 'node:crypto';
import type { Script } from './scripts';

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * Links a single sign-on identity to a user in the users hash: appends it to the record's `identities` and sets
 * the index field `idn:<provider>\n<subject>` → user id, in one step. The record is re-encoded key by key as
 * UPDATE_RECORD does (an empty table stays `[]`). An index left by a deleted user (its record gone) is free.
 * KEYS: 1 users hash. ARGV: 1 user id, 2 index field, 3 identity JSON.
 * Returns {0} (no such user), {-1} (another user has it), {1, json} (linked, or already linked to this user).
 */
export const LINK_IDENTITY = script(`
local field = 'id:' .. ARGV[1]
local cur = redis.call('HGET', KEYS[1], field)
if not cur then return { 0 } end
local owner = redis.call('HGET', KEYS[1], ARGV[2])
if owner == ARGV[1] then return { 1, cur } end
if owner and redis.call('HEXISTS', KEYS[1], 'id:' .. owner) == 1 then return { -1 } end
local rec = cjson.decode(cur)
local parts = {}
local list = {}
if type(rec.identities) == 'table' then
  for _, v in ipairs(rec.identities) do list[#list + 1] = cjson.encode(v) end
end
list[#list + 1] = ARGV[3]
for k, v in pairs(rec) do
  if k ~= 'identities' then
    local json
    if type(v) == 'table' and next(v) == nil then json = '[]' else json = cjson.encode(v) end
    parts[#parts + 1] = cjson.encode(k) .. ':' .. json
  end
end
parts[#parts + 1] = '"identities":[' .. table.concat(list, ',') .. ']'
local out = '{' .. table.concat(parts, ',') .. '}'
redis.call('HSET', KEYS[1], field, out, ARGV[2], ARGV[1])
return { 1, out }
`);

/** The users-hash index field of an identity (a newline cannot occur in a provider id). */
export const identityField = (provider: string, subject: string) => `idn:${provider}\n${subject}`;

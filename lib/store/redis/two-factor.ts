import 'server-only';
import { createHash } from 'node:crypto';
import type { TwoFactorRecord, TwoFactorRecords } from '../two-factor-port';
import { pairs } from './metrics';
import type { RedisPort, RedisReply } from './port';
import type { ScriptRunner } from './script-runner';
import type { Script } from './scripts';

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * Moves the last used step forward, only if the record exists and the step is later: one script, so of two
 * requests with the same code exactly one sees 1. KEYS: 1 the user's hash. ARGV: 1 step.
 */
const CLAIM_STEP = script(`
if redis.call('HEXISTS', KEYS[1], 'rec') == 0 then return 0 end
local last = tonumber(redis.call('HGET', KEYS[1], 'step') or '-1')
local step = tonumber(ARGV[1])
if step <= last then return 0 end
redis.call('HSET', KEYS[1], 'step', ARGV[1])
return 1
`);

type Stored = Omit<TwoFactorRecord, 'lastStep' | 'recoveryHashes'>;

function decode(reply: RedisReply): TwoFactorRecord | null {
  let stored: Stored | null = null;
  let lastStep = -1;
  const recoveryHashes: string[] = [];
  pairs(reply, (field, value) => {
    if (field === 'rec') stored = JSON.parse(value) as Stored;
    else if (field === 'step') lastStep = Number(value);
    else if (field.startsWith('rc:')) recoveryHashes.push(field.slice(3));
  });
  if (!stored) return null;
  return { ...(stored as Stored), lastStep, recoveryHashes: recoveryHashes.sort() };
}

/**
 * Two-factor records on Redis: one hash per user (`<prefix>tfa:<userId>`): `rec` the record's JSON,
 * `step` the last used step, `rc:<hash>` one field per unused recovery code. Every write touches that
 * one key (Cluster-safe): a replacement is one MULTI (DEL, then HSET of every field), a recovery code is
 * used by one HDEL (its reply says whether this call removed it), a step is claimed by CLAIM_STEP.
 */
export class RedisTwoFactor implements TwoFactorRecords {
  constructor(
    private readonly port: RedisPort,
    private readonly keyOf: (userId: string) => string,
    private readonly run: ScriptRunner,
  ) {}

  async getTwoFactor(userId: string) {
    return decode(await this.port.call(['HGETALL', this.keyOf(userId)]));
  }
  async getTwoFactors(userIds: string[]) {
    const out = new Map<string, TwoFactorRecord>();
    if (userIds.length === 0) return out;
    const replies = await this.port.pipeline(userIds.map((id) => ['HGETALL', this.keyOf(id)]));
    userIds.forEach((id, i) => {
      const record = decode(replies[i]);
      if (record) out.set(id, record);
    });
    return out;
  }
  async putTwoFactor(record: TwoFactorRecord) {
    const { lastStep, recoveryHashes, ...stored } = record;
    const key = this.keyOf(record.userId);
    await this.port.transaction([
      ['DEL', key],
      ['HSET', key, 'rec', JSON.stringify(stored), 'step', String(lastStep), ...recoveryHashes.flatMap((h) => [`rc:${h}`, '1'])],
    ]);
  }
  async deleteTwoFactor(userId: string) {
    return (await this.port.call(['DEL', this.keyOf(userId)])) === 1;
  }
  async claimTotpStep(userId: string, step: number) {
    return (await this.run(CLAIM_STEP, [this.keyOf(userId)], [String(step)])) === 1;
  }
  async useRecoveryCode(userId: string, codeHash: string) {
    return (await this.port.call(['HDEL', this.keyOf(userId), `rc:${codeHash}`])) === 1;
  }
}

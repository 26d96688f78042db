import 'server-only';
import { ingestLimitKey } from '../compose';
import { UnknownHostError } from '../errors';
import type { HostIngest } from '../ports';
import type { HostRecord, IngestResult } from '../types';
import { AUTH_CODES, HOST_CHECK, HOST_INGEST } from './host-auth';
import { scriptArgs } from './ingest-args';
import type { RedisKeys } from './keys';
import type { RedisMetrics } from './metrics';
import type { RedisReply } from './port';
import type { ScriptRunner } from './script-runner';

/**
 * One POST in one command: HOST_INGEST checks the token against the host's own copy of its credentials,
 * counts the rate limit and ingests (host-auth.ts), all in the host's slot. Only while the copy is held
 * (a rotation or deletion under way, a host written before copies existed) does it answer "ask", and
 * `lookup` (the three calls: token lookup in the hosts hash, rate limit, ingest) decides instead.
 */
export function redisHostIngest(keys: RedisKeys, run: ScriptRunner, metrics: RedisMetrics, lookup: HostIngest): HostIngest {
  return async (claim, limit, batch, receivedAt) => {
    const { hostId } = claim;
    const start = receivedAt - (receivedAt % limit.windowMs);
    const authKeys = [keys.auth(hostId), keys.rateLimit(ingestLimitKey(hostId))];
    const tail = (authIndex: number, attempt: number) => [claim.tokenHash, String(limit.max), String(start), String(start + limit.windowMs - receivedAt), String(authIndex), attempt > 0 ? '1' : '0'];
    let reply: RedisReply[];
    let result: IngestResult | undefined;
    try {
      if (batch) {
        ({ reply, result } = await metrics.execute(hostId, batch, receivedAt, (a, attempt) =>
          run(HOST_INGEST, [...a.keys, ...authKeys], scriptArgs(a, tail(a.keys.length + 1, attempt))) as Promise<RedisReply[]>,
        ));
      } else {
        reply = (await run(HOST_CHECK, [keys.gone(hostId), ...authKeys], ['', ...tail(2, 0)])) as RedisReply[];
        if (reply[0] === -2) throw new UnknownHostError(hostId);
      }
    } catch (err) {
      // The host's series were deleted (checked first, in the same script): the token names no host.
      if (err instanceof UnknownHostError) return { kind: 'refused' };
      throw err;
    }
    switch (reply[0]) {
      case AUTH_CODES.ask:
        return lookup(claim, limit, batch, receivedAt);
      case AUTH_CODES.refused:
        return { kind: 'refused' };
      case AUTH_CODES.disabled:
        return { kind: 'disabled', host: JSON.parse(reply[1] as string) as HostRecord };
      case AUTH_CODES.limited:
        return { kind: 'limited', resetAt: start + limit.windowMs };
    }
    const host = JSON.parse((result ? reply[3] : reply[1]) as string) as HostRecord;
    return { kind: 'accepted', host, result: result ?? null };
  };
}

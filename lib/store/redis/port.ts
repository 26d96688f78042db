import { StoreUnavailableError } from '../errors';

/**
 * The few things the Redis store needs from a client: one command, a pipeline
 * (one round trip, no atomicity) and a transaction (MULTI/EXEC). Two adapters
 * implement it, ioredis over TCP and @upstash/redis over REST, so both speak
 * to the same data layout. Replies are strings, integers, null or arrays.
 */
export type RedisArg = string | number;
export type RedisReply = string | number | null | RedisReply[];

export interface RedisPort {
  call(args: RedisArg[]): Promise<RedisReply>;
  pipeline(commands: RedisArg[][]): Promise<RedisReply[]>;
  transaction(commands: RedisArg[][]): Promise<RedisReply[]>;
  close(): Promise<void>;
}

/** Redis answered with an error reply (a bug or a missing script), as opposed to not answering at all. */
export class RedisCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisCommandError';
  }
}

export const REDIS_TIMEOUT_MS = 2_000;

/** Redis error replies worth telling apart from an outage. */
export function isCommandErrorMessage(message: string): boolean {
  return /^(ERR|NOSCRIPT|WRONGTYPE|EXECABORT|NOPERM|WRONGPASS)\b/.test(message);
}

export function unavailable(kind: string, cause: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`${kind} store is not answering: ${(cause as Error)?.message ?? String(cause)}`, { cause, retryAfterSeconds: 2 });
}

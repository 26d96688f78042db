import 'server-only';
import { Redis, ReplyError } from 'ioredis';
import { isCommandErrorMessage, RedisCommandError, REDIS_TIMEOUT_MS, unavailable, type RedisArg, type RedisPort, type RedisReply } from './port';

/**
 * ioredis adapter. Fails fast while Redis is down instead of queueing
 * commands (no offline queue, one retry, a command timeout), keeps
 * reconnecting in the background, and waits briefly for a connection that is
 * being (re)established so the first request after start-up succeeds.
 */
export function ioredisPort(url: string): RedisPort {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_TIMEOUT_MS,
    connectTimeout: REDIS_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    lazyConnect: false,
  });
  // Without a listener ioredis logs every failed reconnect; callers see the failure as StoreUnavailableError instead.
  client.on('error', () => {});

  async function ready(): Promise<void> {
    if (client.status === 'ready') return;
    if (client.status === 'end') throw unavailable('redis', new Error('the client was closed'));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no connection within ${REDIS_TIMEOUT_MS / 2} ms`)), REDIS_TIMEOUT_MS / 2);
      const onReady = () => done();
      function done(err?: Error) {
        clearTimeout(timer);
        client.off('ready', onReady);
        if (err) reject(unavailable('redis', err));
        else resolve();
      }
      client.on('ready', onReady);
    });
  }

  function mapError(err: unknown): Error {
    if (err instanceof ReplyError || (err instanceof Error && isCommandErrorMessage(err.message))) return new RedisCommandError((err as Error).message);
    return unavailable('redis', err);
  }

  async function batch(multi: boolean, commands: RedisArg[][]): Promise<RedisReply[]> {
    await ready();
    const p = multi ? client.multi() : client.pipeline();
    for (const [cmd, ...args] of commands) p.call(String(cmd), ...args);
    let results: [Error | null, unknown][] | null;
    try {
      results = await p.exec();
    } catch (err) {
      throw mapError(err);
    }
    if (!results) throw new RedisCommandError('transaction aborted');
    return results.map(([err, value]) => {
      if (err) throw mapError(err);
      return value as RedisReply;
    });
  }

  return {
    async call([cmd, ...args]) {
      await ready();
      try {
        return (await client.call(String(cmd), ...args)) as RedisReply;
      } catch (err) {
        throw mapError(err);
      }
    },
    pipeline: (commands) => batch(false, commands),
    transaction: (commands) => batch(true, commands),
    async close() {
      client.disconnect();
    },
  };
}

import 'server-only';
import { Redis } from '@upstash/redis';
import { isCommandErrorMessage, RedisCommandError, REDIS_TIMEOUT_MS, unavailable, type RedisArg, type RedisPort, type RedisReply } from './port';

interface UpstashResult {
  result?: unknown;
  error?: string;
}
interface Requester {
  request(req: { path?: string[]; body: unknown; signal?: () => AbortSignal }): Promise<UpstashResult | UpstashResult[]>;
}

/**
 * @upstash/redis adapter over its REST transport (POST /, /pipeline,
 * /multi-exec; base64 response encoding). Replies are taken raw: the client's
 * automatic JSON deserialization is off because stored strings are not all
 * JSON. No client retries and a 2 s abort (send), so an outage becomes
 * StoreUnavailableError quickly; every request is independent, so recovery is
 * automatic.
 */
export function upstashPort(url: string, token: string): RedisPort {
  const redis = new Redis({
    url,
    token,
    retry: false,
    automaticDeserialization: false,
    enableTelemetry: false,
    enableAutoPipelining: false,
  });
  // The public API has a method per command; the store sends generic commands through the same HTTP client.
  const requester = (redis as unknown as { client: Requester }).client;

  function mapError(err: unknown): Error {
    const message = err instanceof Error ? err.message : String(err);
    return isCommandErrorMessage(message) ? new RedisCommandError(message) : unavailable('upstash', err);
  }

  /**
   * Each request's own abort timer, cleared once it is answered. AbortSignal.timeout would keep every
   * finished request's signal (and what the fetch machinery hangs on it) alive for the full 2 s: at a few
   * hundred POSTs a second that is hundreds of requests held at once (the server's RSS grew with the rate).
   * Passed as a function: the client then throws on abort instead of answering "Aborted" as a result.
   */
  async function send(path: string[] | undefined, body: unknown): Promise<UpstashResult | UpstashResult[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
    try {
      return await requester.request({ path, body, signal: () => controller.signal });
    } catch (err) {
      throw mapError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  async function batch(path: string, commands: RedisArg[][]): Promise<RedisReply[]> {
    const res = (await send([path], commands.map((c) => c.map(String)))) as UpstashResult[];
    if (!Array.isArray(res)) throw unavailable('upstash', new Error('unexpected pipeline reply'));
    return res.map((r) => {
      if (r.error) throw mapError(new Error(r.error));
      return r.result as RedisReply;
    });
  }

  return {
    async call(args) {
      const res = (await send(undefined, args.map(String))) as UpstashResult;
      if (res.error) throw mapError(new Error(res.error));
      return (res.result ?? null) as RedisReply;
    },
    pipeline: (commands) => batch('pipeline', commands),
    transaction: (commands) => batch('multi-exec', commands),
    async close() {},
  };
}

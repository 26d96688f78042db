import 'server-only';
import { Cluster, Redis, ReplyError } from 'ioredis';
import { isCommandErrorMessage, RedisCommandError, REDIS_TIMEOUT_MS, unavailable, type RedisArg, type RedisPort, type RedisReply } from './port';

/**
 * ioredis adapter, for one Redis (`ioredisPort`) or a Redis Cluster
 * (`ioredisClusterPort`, ioredis's Cluster client). Fails fast while Redis is
 * down instead of queueing commands (no offline queue, one retry, a command
 * timeout), keeps reconnecting in the background, and waits briefly for a
 * connection that is being (re)established so the first request after
 * start-up succeeds.
 */
const CLIENT_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: REDIS_TIMEOUT_MS,
  connectTimeout: REDIS_TIMEOUT_MS,
  retryStrategy: (times: number) => Math.min(100 * times, 1_000),
  lazyConnect: false,
};

export function ioredisPort(url: string): RedisPort {
  return portOver(new Redis(url, CLIENT_OPTIONS), (commands) => [commands.map((_, i) => i)], REDIS_TIMEOUT_MS / 2);
}

/**
 * A Redis Cluster from one or more of its nodes (the client learns the rest). Every script and transaction
 * of the store touches one hash slot (keys.ts); a pipeline may span slots (the fleet read: the hosts hash
 * and each host's state), so it is split by the nodes serving each command's slot, sent in parallel and
 * put back in order: one round trip per node instead of one.
 */
export function ioredisClusterPort(urls: string[], slotOf: (command: RedisArg[]) => number | null): RedisPort {
  const nodes = urls.map((u) => {
    const { hostname, port } = new URL(u);
    return { host: hostname, port: Number(port || 6379) };
  });
  const first = new URL(urls[0]!);
  const tls = first.protocol === 'rediss:' ? {} : undefined;
  const { retryStrategy, ...nodeOptions } = CLIENT_OPTIONS;
  const client = new Cluster(nodes, {
    enableOfflineQueue: false,
    clusterRetryStrategy: retryStrategy,
    redisOptions: {
      ...nodeOptions,
      username: first.username ? decodeURIComponent(first.username) : undefined,
      password: first.password ? decodeURIComponent(first.password) : undefined,
      tls,
    },
    // A command sent while slots move is redirected (MOVED/ASK) a few times, then fails like any outage.
    maxRedirections: 4,
    slotsRefreshTimeout: REDIS_TIMEOUT_MS,
  });
  const groupsOf = (commands: RedisArg[][]): number[][] => {
    const groups = new Map<string, number[]>();
    commands.forEach((command, i) => {
      const slot = slotOf(command);
      // Grouped by the nodes serving the slot (what ioredis accepts in one pipeline); keyless commands go together.
      const owner = slot === null ? '' : (client.slots[slot]?.join(',') ?? `slot ${slot}`);
      const group = groups.get(owner) ?? [];
      groups.set(owner, group);
      group.push(i);
    });
    return [...groups.values()];
  };
  // Getting ready asks a node for the slot map and then connects to the others: allowed the whole timeout.
  return portOver(client, groupsOf, REDIS_TIMEOUT_MS);
}

/** What both clients offer the adapter. */
type Client = Redis | Cluster;

/**
 * The port over a client; `groupsOf` splits a pipeline into parts the client can send as one each (indexes
 * into it); a command waits up to `readyMs` for a connection being (re)established.
 */
function portOver(client: Client, groupsOf: (commands: RedisArg[][]) => number[][], readyMs: number): RedisPort {
  // Without a listener ioredis logs every failed reconnect; callers see the failure as StoreUnavailableError instead.
  client.on('error', () => {});

  // One wait shared by every command that arrives while the connection is being made (not a listener each).
  let waiting: Promise<void> | null = null;
  async function ready(): Promise<void> {
    if (client.status === 'ready') return;
    if (client.status === 'end') throw unavailable('redis', new Error('the client was closed'));
    waiting ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no connection within ${readyMs} ms`)), readyMs);
      const onReady = () => done();
      function done(err?: Error) {
        clearTimeout(timer);
        client.off('ready', onReady);
        waiting = null;
        if (err) reject(unavailable('redis', err));
        else resolve();
      }
      client.on('ready', onReady);
    });
    return waiting;
  }

  function mapError(err: unknown): Error {
    if (err instanceof ReplyError || (err instanceof Error && isCommandErrorMessage(err.message))) return new RedisCommandError((err as Error).message);
    return unavailable('redis', err);
  }

  async function send(multi: boolean, commands: RedisArg[][]): Promise<RedisReply[]> {
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
    async pipeline(commands) {
      await ready();
      const groups = groupsOf(commands);
      if (groups.length <= 1) return send(false, commands);
      const out: RedisReply[] = new Array(commands.length);
      const parts = await Promise.all(groups.map((g) => send(false, g.map((i) => commands[i]!))));
      groups.forEach((g, k) => g.forEach((i, j) => (out[i] = parts[k]![j]!)));
      return out;
    },
    // Every transaction of the store is within one slot (keys.ts): sent as it is, so a misfit is an error, never split.
    async transaction(commands) {
      await ready();
      return send(true, commands);
    },
    async close() {
      client.disconnect();
    },
  };
}

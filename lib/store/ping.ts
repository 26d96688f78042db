import 'server-only';
import { config, type Config } from '@/lib/config';
import { StoreUnavailableError } from './errors';

/**
 * Whether the configured store answers, for the health check. The full store
 * contract lives beside this file; this probe stays independent of it so that
 * health can answer even when the store's schema cannot be opened.
 */
export async function pingStore(store: Config['store'] = config().store, timeoutMs = 2_000): Promise<void> {
  const probe = async () => {
    switch (store.kind) {
      case 'sqlite': {
        const { mkdirSync } = await import('node:fs');
        const path = await import('node:path');
        const Database = (await import('better-sqlite3')).default;
        mkdirSync(path.dirname(store.file), { recursive: true });
        const db = new Database(store.file, { timeout: timeoutMs });
        try {
          db.prepare('select 1').get();
        } finally {
          db.close();
        }
        return;
      }
      case 'redis': {
        const { Redis } = await import('ioredis');
        const client = new Redis(store.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          enableOfflineQueue: false,
          connectTimeout: timeoutMs,
          retryStrategy: () => null,
        });
        try {
          await client.connect();
          await client.ping();
        } finally {
          client.disconnect();
        }
        return;
      }
      case 'upstash': {
        const { Redis } = await import('@upstash/redis');
        await new Redis({ url: store.url, token: store.token, retry: false }).ping();
        return;
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (cause) {
    throw new StoreUnavailableError(`${store.kind} store is not answering: ${(cause as Error).message}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

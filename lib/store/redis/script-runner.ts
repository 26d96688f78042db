import type { RedisPort, RedisReply } from './port';
import { RedisCommandError } from './port';
import type { Script } from './scripts';

export type ScriptRunner = (script: Script, keys: string[], args: (string | number)[]) => Promise<RedisReply>;

/** EVALSHA, falling back to EVAL (which also caches the script) when the server answers NOSCRIPT: one round trip in the steady state. */
export function scriptRunner(port: RedisPort): ScriptRunner {
  return async (script, keys, args) => {
    try {
      return await port.call(['EVALSHA', script.sha, keys.length, ...keys, ...args]);
    } catch (err) {
      if (!(err instanceof RedisCommandError) || !err.message.startsWith('NOSCRIPT')) throw err;
      return port.call(['EVAL', script.source, keys.length, ...keys, ...args]);
    }
  };
}

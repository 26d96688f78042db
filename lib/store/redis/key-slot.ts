import clusterKeySlot from 'cluster-key-slot';
import type { RedisArg } from './port';

/**
 * The Cluster slot a store command works on, from its first key: the argument after the command name, or
 * for EVAL/EVALSHA the first of its declared keys. Every command the store sends keeps its keys in one slot
 * (keys.ts), so the first key decides. Null for a command without a key (PING, a script with no key).
 */
export function slotOf(command: RedisArg[]): number | null {
  const name = String(command[0]).toUpperCase();
  if (name === 'EVAL' || name === 'EVALSHA' || name === 'FCALL') {
    return Number(command[2]) > 0 && command[3] !== undefined ? clusterKeySlot(String(command[3])) : null;
  }
  if (name === 'PING' || command[1] === undefined) return null;
  return clusterKeySlot(String(command[1]));
}

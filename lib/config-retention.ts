import 'server-only';
import { positiveInt } from './config-number';
import { DAY, DEFAULT_RETENTION, HOUR, type Retention } from '@/lib/metrics/tiers';

/**
 * How long each tier of history is kept: raw samples in hours, rollups in
 * days. Read by lib/config.ts.
 *
 * Each tier must keep at least as long as the finer one before it. Reads pick
 * the finest tier that still covers a range, and the Redis backend expires a
 * day's chunk of every tier with one expiry (the longest kept); a 1-minute
 * tier shorter than raw, say, would answer a two-day range with a hole and
 * leave the chunk's rollups expiring with the wrong tier.
 */
const TIERS = [
  { variable: 'HOSTWATCH_RETENTION_RAW_HOURS', unit: HOUR, unitName: 'hours', key: 'rawMs' },
  { variable: 'HOSTWATCH_RETENTION_1M_DAYS', unit: DAY, unitName: 'days', key: 'minuteMs' },
  { variable: 'HOSTWATCH_RETENTION_5M_DAYS', unit: DAY, unitName: 'days', key: 'fiveMinuteMs' },
  { variable: 'HOSTWATCH_RETENTION_1H_DAYS', unit: DAY, unitName: 'days', key: 'hourMs' },
] as const satisfies readonly { variable: string; unit: number; unitName: string; key: keyof Retention }[];


export function parseRetention(env: Record<string, string | undefined>): { retention: Retention; problems: string[] } {
  const retention = { ...DEFAULT_RETENTION };
  const problems: string[] = [];
  const valid = new Set<string>();
  for (const tier of TIERS) {
    const parsed = positiveInt(DEFAULT_RETENTION[tier.key] / tier.unit, 100_000).safeParse(env[tier.variable]);
    if (!parsed.success) {
      problems.push(`${tier.variable} ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      continue;
    }
    retention[tier.key] = parsed.data * tier.unit;
    valid.add(tier.variable);
  }
  for (let i = 1; i < TIERS.length; i++) {
    const finer = TIERS[i - 1]!;
    const coarser = TIERS[i]!;
    if (!valid.has(finer.variable) || !valid.has(coarser.variable) || retention[coarser.key] >= retention[finer.key]) continue;
    problems.push(
      `${coarser.variable} (${retention[coarser.key] / coarser.unit} ${coarser.unitName}) must keep at least as long as ${finer.variable} (${retention[finer.key] / finer.unit} ${finer.unitName}): each tier of history keeps at least as long as the finer one`,
    );
  }
  return { retention, problems };
}

import 'server-only';
import { positiveInt } from './config-number';
import { FAMILIES, FAMILY_NAMES, type FamilyName, type SeriesLimits } from '@/lib/metrics/registry';

/**
 * The per-host caps on live entities, one setting per series family of the
 * registry (lib/metrics/registry.ts), so a new family gets its setting by
 * being a family: `HOSTWATCH_MAX_<FAMILY>`, a whole number 1–4096, the
 * family's own cap when unset. Read by lib/config.ts.
 */
export const capVariable = (family: FamilyName) => `HOSTWATCH_MAX_${family.toUpperCase()}`;

const capSchema = (fallback: number) => positiveInt(fallback, 4096);

export function parseSeriesLimits(env: Record<string, string | undefined>): { limits: SeriesLimits; problems: string[] } {
  const limits = {} as SeriesLimits;
  const problems: string[] = [];
  for (const family of FAMILY_NAMES) {
    const name = capVariable(family);
    const parsed = capSchema(FAMILIES[family].cap).safeParse(env[name]);
    limits[family] = parsed.success ? parsed.data : FAMILIES[family].cap;
    if (!parsed.success) problems.push(`${name} ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  return { limits, problems };
}

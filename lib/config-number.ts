import 'server-only';
import { z } from 'zod';

/** A whole number of at least 1 (and at most `max`), from an environment variable's text; `fallback` when unset. */
export function positiveInt(fallback: number, max?: number) {
  const whole = z.coerce.number().int('must be a whole number').positive('must be greater than 0');
  return (max === undefined ? whole : whole.max(max, `must be at most ${max}`)).default(fallback);
}

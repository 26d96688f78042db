import 'server-only';
import { z } from 'zod';

/** Field types the channel forms share; every one bounded, every message naming what is expected. */

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const httpUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine(isHttpUrl, 'must be an http:// or https:// URL');

/** A value that goes into an HTTP header or a URL path: printable ASCII, no spaces or line breaks. */
export const token = (label: string, max = 256) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** Free text that goes into an HTTP header value: printable ASCII and spaces, no line breaks. */
export const headerText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII on one line');

export const label = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

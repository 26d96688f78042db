import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): the codes
 * an authenticator app shows. Pure (no store, no clock: every function takes
 * `nowMs`), and deliberately without `server-only`: the browser tests compute
 * codes with this same module. Defaults are what every authenticator app
 * speaks: SHA-1, 30-second steps, 6 digits. A code is accepted for the step
 * before and after the current one (clock drift between phone and server);
 * which of the three it matched is returned so the caller can refuse a step
 * that was already used (replay).
 */
export const TOTP_STEP_S = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count. */
export const TOTP_WINDOW = 1;
/** 160 bits: RFC 4226's recommended secret length for SHA-1. */
export const TOTP_SECRET_BYTES = 20;

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (what otpauth:// URIs and apps expect). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Reads base32 as people type it (any case, spaces, dashes and `=` padding ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(ch)}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A fresh random secret, base32. */
export function generateTotpSecret(bytes: number = TOTP_SECRET_BYTES): string {
  return base32Encode(randomBytes(bytes));
}

/** RFC 4226 HOTP: HMAC of the 8-byte big-endian counter, dynamically truncated to `digits` decimal digits. */
export function hotp(key: Uint8Array, counter: number, digits: number = TOTP_DIGITS, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 30-second step `nowMs` falls in (RFC 6238's T, with T0 = 0). */
export function totpStep(nowMs: number, stepSeconds: number = TOTP_STEP_S): number {
  return Math.floor(nowMs / 1000 / stepSeconds);
}

export interface TotpOptions {
  digits?: number;
  algorithm?: TotpAlgorithm;
  stepSeconds?: number;
}

/** The code for a given step, from a raw key (the RFC test vectors use ASCII keys). */
export function totpAtStep(key: Uint8Array, step: number, options: TotpOptions = {}): string {
  return hotp(key, step, options.digits ?? TOTP_DIGITS, options.algorithm ?? 'sha1');
}

/** The code an app shows at `nowMs` for a base32 secret. */
export function totpCode(secret: string, nowMs: number, options: TotpOptions = {}): string {
  return totpAtStep(base32Decode(secret), totpStep(nowMs, options.stepSeconds), options);
}

/** Whether the text looks like a TOTP code at all (6 digits, spaces allowed as apps group them "123 456"). */
export function looksLikeTotpCode(text: string, digits: number = TOTP_DIGITS): boolean {
  return new RegExp(`^\\d{${digits}}$`).test(text.replace(/\s/g, ''));
}

/**
 * The step within ±window of now whose code this is, or null. Checks every
 * step of the window (no early exit) with a constant-time comparison, so the
 * time taken does not say which step, if any, was close. When a code
 * matches two steps (a one-in-a-million coincidence), the later one wins.
 */
export function matchTotpStep(secret: string, code: string, nowMs: number, window: number = TOTP_WINDOW, options: TotpOptions = {}): number | null {
  const given = code.replace(/\s/g, '');
  const digits = options.digits ?? TOTP_DIGITS;
  if (!looksLikeTotpCode(given, digits)) return null;
  const key = base32Decode(secret);
  const now = totpStep(nowMs, options.stepSeconds);
  let matched: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    const expected = totpAtStep(key, step, options);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(given))) matched = step;
  }
  return matched;
}

/** The `otpauth://totp/…` URI an authenticator app reads from the QR code (Google Authenticator's key URI format). */
export function otpauthUri({ secret, account, issuer }: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_S) });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** The key as people copy it from the screen: groups of four. */
export function groupedKey(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

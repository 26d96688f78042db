import { describe, expect, it } from 'vitest';
import {
  clampInstant,
  clampWindow,
  EXPIRY_KEYS,
  expiresAtFor,
  isShareExpired,
  isShareToken,
  RANGE_CHOICES,
} from '@/lib/shares/rules';
import { createShareSchema } from '@/lib/shares/schemas';
import { allowedSelection, sharePresets } from '@/lib/ui/share-range';
import { parseSeriesParams } from '@/lib/query/params';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = 1_800_000_000_000;

describe('expiry', () => {
  it('offers 1 h, 1 d, 7 d, 30 d and never', () => {
    expect(EXPIRY_KEYS).toEqual(['1h', '1d', '7d', '30d', 'never']);
    expect(expiresAtFor('1h', now)).toBe(now + HOUR);
    expect(expiresAtFor('1d', now)).toBe(now + DAY);
    expect(expiresAtFor('7d', now)).toBe(now + 7 * DAY);
    expect(expiresAtFor('30d', now)).toBe(now + 30 * DAY);
    expect(expiresAtFor('never', now)).toBeNull();
  });

  it('a link is expired from its expiry instant on; never-expiring links never are', () => {
    expect(isShareExpired({ expiresAt: now + 1 }, now)).toBe(false);
    expect(isShareExpired({ expiresAt: now }, now)).toBe(true);
    expect(isShareExpired({ expiresAt: now - 1 }, now)).toBe(true);
    expect(isShareExpired({ expiresAt: null }, now + 100 * 365 * DAY)).toBe(false);
  });
});

describe('allowed history', () => {
  it('is 24 h, 7 d or 30 d', () => {
    expect(RANGE_CHOICES).toEqual({ '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY });
  });

  it('clamps from=0 to the start of the allowed window', () => {
    expect(clampWindow({ from: 0, to: now }, DAY, now)).toEqual({ from: now - DAY, to: now });
  });

  it('clamps a future end to now', () => {
    expect(clampWindow({ from: now - HOUR, to: now + 10 * DAY }, DAY, now)).toEqual({ from: now - HOUR, to: now });
  });

  it('leaves a window inside the allowed one alone', () => {
    const w = { from: now - 3 * HOUR, to: now - HOUR };
    expect(clampWindow(w, DAY, now)).toEqual(w);
  });

  it('collapses a window wholly before the allowed one to its first instant, so it reads nothing older', () => {
    expect(clampWindow({ from: 0, to: 1_000 }, DAY, now)).toEqual({ from: now - DAY, to: now - DAY });
    expect(clampWindow({ from: now - 40 * DAY, to: now - 35 * DAY }, 30 * DAY, now)).toEqual({ from: now - 30 * DAY, to: now - 30 * DAY });
  });

  it('collapses a window wholly in the future to now', () => {
    expect(clampWindow({ from: now + DAY, to: now + 2 * DAY }, DAY, now)).toEqual({ from: now, to: now });
  });

  it('never yields from after to', () => {
    for (const [from, to] of [
      [0, 0],
      [now, now],
      [now + 5, now - 5],
      [-1e15, 1e15],
    ]) {
      const w = clampWindow({ from: from!, to: to! }, 7 * DAY, now);
      expect(w.from).toBeLessThanOrEqual(w.to);
      expect(w.from).toBeGreaterThanOrEqual(now - 7 * DAY);
      expect(w.to).toBeLessThanOrEqual(now);
    }
  });

  it('clamps a process snapshot time into the window', () => {
    expect(clampInstant(0, DAY, now)).toBe(now - DAY);
    expect(clampInstant(now + 1, DAY, now)).toBe(now);
    expect(clampInstant(now - HOUR, DAY, now)).toBe(now - HOUR);
  });
});

describe('series parameters under a link', () => {
  const clamp = (w: { from: number; to: number }) => clampWindow(w, DAY, now);
  const parse = (q: string) => parseSeriesParams(new URLSearchParams(q), now, clamp);

  it('clamps from=0 instead of refusing it as longer than 3650 days', () => {
    expect(() => parseSeriesParams(new URLSearchParams('from=0'), now)).toThrow(/longer than 3650 days/);
    expect(parse('from=0')).toMatchObject({ from: now - DAY, to: now });
    expect(parse('range=30d')).toMatchObject({ from: now - DAY, to: now });
  });

  it('still refuses a window that runs backwards, and bad values', () => {
    expect(() => parse(`from=${now}&to=${now - HOUR}`)).toThrow(/is after to/);
    expect(() => parse('from=yesterday')).toThrow(/ms since the epoch/);
  });
});

describe('tokens', () => {
  it('accepts only the shape generateToken("share") makes', () => {
    expect(isShareToken(`hws_${'A'.repeat(27)}`)).toBe(true);
    expect(isShareToken(`hws_${'a-_9'.repeat(6)}abc`)).toBe(true);
    expect(isShareToken(`hws_${'A'.repeat(26)}`)).toBe(false);
    expect(isShareToken(`hws_${'A'.repeat(28)}`)).toBe(false);
    expect(isShareToken(`hwh_${'A'.repeat(27)}`)).toBe(false);
    expect(isShareToken(`hws_${'A'.repeat(26)}=`)).toBe(false);
    expect(isShareToken('no-such-id')).toBe(false);
  });
});

describe('the create body', () => {
  it('defaults to 7 days, 24 h of history, no processes and no alerts', () => {
    expect(createShareSchema.parse({})).toEqual({ label: '', expiresIn: '7d', includeProcesses: false, includeAlerts: false, maxRange: '24h' });
    expect(createShareSchema.parse({ label: '  wall  ', expiresIn: 'never', includeProcesses: true, includeAlerts: true, maxRange: '30d' })).toEqual({
      label: 'wall',
      expiresIn: 'never',
      includeProcesses: true,
      includeAlerts: true,
      maxRange: '30d',
    });
  });

  it('names each bad field', () => {
    const r = createShareSchema.safeParse({ expiresIn: '2d', maxRange: '1y', includeProcesses: 'yes', label: 'x'.repeat(101) });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages.expiresIn).toBe('must be one of 1h, 1d, 7d, 30d, never');
    expect(messages.maxRange).toBe('must be one of 24h, 7d, 30d');
    expect(messages.includeProcesses).toBe('must be true or false');
    expect(messages.label).toBe('must be at most 100 characters');
  });

  it('refuses fields it does not know (no smuggled hostId or expiresAt)', () => {
    expect(createShareSchema.safeParse({ expiresAt: 0 }).success).toBe(false);
    expect(createShareSchema.safeParse({ hostId: 'other' }).success).toBe(false);
  });
});

describe("the viewer's range picker", () => {
  it('offers only presets within the allowed history', () => {
    expect(sharePresets(DAY)).toEqual(['15m', '1h', '6h', '24h']);
    expect(sharePresets(7 * DAY)).toEqual(['15m', '1h', '6h', '24h', '7d']);
    expect(sharePresets(30 * DAY)).toEqual(['15m', '1h', '6h', '24h', '7d', '30d']);
  });

  it('turns a longer preset from an edited URL into the longest allowed one', () => {
    expect(allowedSelection({ kind: 'preset', key: '30d' }, DAY)).toEqual({ kind: 'preset', key: '24h' });
    expect(allowedSelection({ kind: 'preset', key: '1h' }, DAY)).toEqual({ kind: 'preset', key: '1h' });
    expect(allowedSelection({ kind: 'live' }, DAY)).toEqual({ kind: 'live' });
    const custom = { kind: 'custom' as const, from: 0, to: 1e12 };
    expect(allowedSelection(custom, DAY)).toEqual(custom); // the server clamps it
  });
});

import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '@/app/login/_components/callback-path';

/**
 * Where sign-in sends the browser. Each hostile input is what a browser
 * would turn into another origin (tab, newline and CR are stripped by the URL
 * parser, a backslash is a slash, a leading space is trimmed), or what would
 * make an invalid Location header (control characters, non-ASCII).
 * tests/e2e/open-redirect.spec.ts has Chromium decide.
 */
describe('safeCallbackPath', () => {
  it('keeps paths on this server, with their query and fragment', () => {
    expect(safeCallbackPath('/settings/account')).toBe('/settings/account');
    expect(safeCallbackPath('/hosts/abc?range=24h#cpu')).toBe('/hosts/abc?range=24h#cpu');
    expect(safeCallbackPath('/')).toBe('/');
    expect(safeCallbackPath('/a/../settings')).toBe('/settings');
  });

  it.each([
    ['tab', '/\t/evil.example/steal'],
    ['newline', '/\n/evil.example/steal'],
    ['carriage return', '/\r/evil.example/steal'],
    ['newline and tab', '\n/\t/evil.example'],
    ['leading space', ' //evil.example'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['backslashes', '\\\\evil.example'],
    ['tab inside the slashes', '/\t\\evil.example'],
    ['dot segment', '/.//evil.example/x'],
    ['dot-dot segment', '/x/..//evil.example'],
    ['absolute', 'https://evil.example/'],
    ['scheme-relative with credentials', '//user@evil.example'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['relative', 'evil.example'],
    ['empty', ''],
  ])('sends %s to /', (_what, raw) => {
    expect(safeCallbackPath(raw)).toBe('/');
  });

  it('answers only ASCII, so the redirect header is always valid (non-ASCII and controls are encoded, not passed)', () => {
    for (const raw of ['/hosts/ü?x=é', '/a\u0000b', '/a\u007fb', '/x?y=\u2028', '/%0d%0aSet-Cookie:x=1']) {
      const path = safeCallbackPath(raw);
      expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
      expect(path).toMatch(/^[\x21-\x7e]*$/);
    }
    expect(safeCallbackPath('/hosts/ü')).toBe('/hosts/%C3%BC');
  });

  it('refuses what is not one string of sane length', () => {
    expect(safeCallbackPath(undefined)).toBe('/');
    expect(safeCallbackPath(null)).toBe('/');
    expect(safeCallbackPath(`/${'a'.repeat(5000)}`)).toBe('/');
  });
});

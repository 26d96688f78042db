import { describe, expect, it } from 'vitest';
import { cleanText, hasInvisible, stripInvisible } from '@/lib/wire/text';

/** Fixtures: what an attacker (or a careless paste) sends, and what is stored and shown. */
const FIXTURES: [what: string, input: string, stripped: string][] = [
  ['right-to-left override ("evil" shown as "live")', 'e\u202Elive', 'elive'],
  ['an override hiding a file type', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
  ['left-to-right and right-to-left embeddings, pop', '\u202Aa\u202Bb\u202Cc', 'abc'],
  ['left-to-right override', '\u202Dsshd', 'sshd'],
  ['isolates U+2066–U+2069', '\u2066x\u2067y\u2068z\u2069', 'xyz'],
  ['marks: LRM, RLM, ALM', 'a\u200Eb\u200Fc\u061Cd', 'abcd'],
  ['zero-width space, non-joiner, joiner between letters', 'ad\u200Bm\u200Ci\u200Dn', 'admin'],
  ['word joiner and invisible operators', 'a\u2060b\u2062c', 'abc'],
  ['byte order mark', '\uFEFFnginx', 'nginx'],
  ['soft hyphen', 'post\u00ADgres', 'postgres'],
  ['interlinear annotation hiding text', 'ok\uFFF9hidden\uFFFAx\uFFFB', 'okhiddenx'],
  ['tag characters (invisible ASCII copies)', 'cron\u{E0041}\u{E0042}', 'cron'],
  ['Hangul filler', 'db\u3164', 'db'],
  ['combining grapheme joiner', 'a\u034Fb', 'ab'],
  ['a variation selector after a letter', 'root\uFE00', 'root'],
  ['tab and newline become spaces', 'python3\t-m\nhttp.server', 'python3 -m http.server'],
  ['escape and NUL become spaces', 'x\u001B[31my\u0000z', 'x [31my z'],
  ['C1 control (NEL) and line/paragraph separators become spaces', 'a\u0085b\u2028c\u2029d', 'a b c d'],
  ['a lone surrogate becomes U+FFFD', 'bad\uD800half', 'bad\uFFFDhalf'],
  ['a lone low surrogate too', '\uDC00x', '\uFFFDx'],
];

/** Kept: what only looks like it should go, and ordinary text. */
const KEPT = [
  'plain ASCII: /usr/bin/node --port=3000',
  'Ünïcödé with accents, 日本語, עברית, العربية',
  'e\u0301 (a combining accent is visible)',
  '👨\u200D👩\u200D👧 (joiners between pictographs make one emoji)',
  '❤\uFE0F (a variation selector after a pictograph)',
  '👍🏽\u200D🔥',
  '',
  ' ',
];

describe('display text: bidi controls and invisible characters', () => {
  it.each(FIXTURES)('%s', (_what, input, stripped) => {
    expect(hasInvisible(input)).toBe(true);
    expect(stripInvisible(input)).toBe(stripped);
    expect(cleanText(input)).toBe(stripped);
    expect(hasInvisible(stripped)).toBe(false);
  });

  it.each(KEPT)('keeps %j as it is', (text) => {
    expect(hasInvisible(text)).toBe(false);
    expect(stripInvisible(text)).toBe(text);
    expect(cleanText(text)).toBe(text);
  });

  it('text made only of invisible characters stays visible and non-empty for the wire (U+FFFD), empty for names that are checked after', () => {
    expect(cleanText('\u200B\u202E\uFEFF')).toBe('\uFFFD');
    expect(stripInvisible('\u200B\u202E\uFEFF')).toBe('');
  });

  it('a joiner or selector that is not between pictographs goes', () => {
    expect(stripInvisible('a\u200D👍')).toBe('a👍');
    expect(stripInvisible('👍\u200Da')).toBe('👍a');
    expect(stripInvisible('👍\u200B\u200D👍')).toBe('👍👍');
    expect(stripInvisible('👍\uFE0F\uFE0F')).toBe('👍\uFE0F');
  });

  it('is idempotent, and hasInvisible says exactly when cleaning changes anything (random strings of tricky characters)', () => {
    const alphabet = ['a', ' ', '\t', '\u202E', '\u2066', '\u200B', '\u200D', '\uFE0F', '\uFEFF', '\u00AD', '\u0301', '👍', '🏽', '\uD800', '\uDC00', '\u{E0041}', 'é', '\u0000', '\u2028'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 5_000; n++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const once = stripInvisible(text);
      expect(stripInvisible(once), JSON.stringify(text)).toBe(once);
      expect(hasInvisible(text), JSON.stringify(text)).toBe(once !== text);
      expect(hasInvisible(once), JSON.stringify(text)).toBe(false);
      expect(cleanText(cleanText(text))).toBe(cleanText(text));
    }
  });
});

/**
 * Text that displays as what it is. A host, process or interface name with
 * U+202E (right-to-left override) in it renders reversed — "evil" shows as
 * "live" — and zero-width characters make two different names look the same.
 * Every free-text field from outside (collector samples, admin-entered names)
 * passes through here in its zod schema, so stored data is already clean and
 * no page has to remember.
 *
 * Removed: Unicode format characters (category Cf: the bidi embeddings,
 * overrides, isolates and marks U+061C, U+200E–U+200F, U+202A–U+202E,
 * U+2066–U+2069; zero-width U+200B–U+200D, U+2060; U+FEFF; soft hyphen;
 * interlinear annotation U+FFF9–U+FFFB; tag characters) and the other
 * default-ignorable code points, which render as nothing (Hangul fillers,
 * variation selectors, U+034F). Control characters (category Cc, tab and
 * newline too) and the line and paragraph separators become a space: they
 * separate words where they stand, and only a space does so visibly. A lone
 * surrogate (half of a character, possible in JSON) becomes U+FFFD.
 *
 * Kept, because they only shape emoji and cannot hide or reorder text: a
 * zero-width joiner between two pictographs (👨‍👩‍👧) and a variation selector
 * right after one (❤️).
 *
 * Pure and small: no zod here, so anything may use it.
 */

const EMOJI_JOIN = String.raw`(?<=\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?)\u200D(?=\p{Extended_Pictographic})`;
const EMOJI_STYLE = String.raw`(?<=\p{Extended_Pictographic})[\uFE0E\uFE0F]`;
// \p{Cs} with the u flag matches exactly the lone surrogates: a proper pair is one code point.
const INVISIBLE = new RegExp(
  String.raw`(?!${EMOJI_JOIN}|${EMOJI_STYLE})(?:[\p{Cf}\p{Default_Ignorable_Code_Point}]|[\p{Cc}\u2028\u2029]|\p{Cs})`,
  'u',
);
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
// Printable ASCII is clean, and one quick scan says so: most names and command lines are nothing else.
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const SPACE_LIKE = /^[\p{Cc}\u2028\u2029]$/u;
const LONE_SURROGATE = /^\p{Cs}$/u;

function replacement(ch: string): string {
  if (SPACE_LIKE.test(ch)) return ' ';
  if (LONE_SURROGATE.test(ch)) return '\uFFFD';
  return '';
}

/** Whether `text` holds anything stripInvisible would change. Allocates nothing: the common answer, false, is the cheap one. */
export function hasInvisible(text: string): boolean {
  return NOT_PRINTABLE_ASCII.test(text) && INVISIBLE.test(text);
}

/** `text` without format and invisible characters, controls as spaces, lone surrogates as U+FFFD. Idempotent. */
export function stripInvisible(text: string): string {
  return hasInvisible(text) ? text.replace(INVISIBLE_ALL, replacement) : text;
}

/**
 * stripInvisible for text that must stay non-empty and distinct: text made only
 * of invisible characters becomes U+FFFD (visible, and still a name) rather
 * than nothing. What the wire schemas apply to every string a sample carries.
 * Idempotent; unchanged exactly when hasInvisible is false.
 */
export function cleanText(text: string): string {
  if (!hasInvisible(text)) return text;
  const stripped = stripInvisible(text);
  return stripped === '' ? '\uFFFD' : stripped;
}

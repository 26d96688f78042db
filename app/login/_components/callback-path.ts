/**
 * Where to go after signing in: only a path on this server. The target is
 * parsed the way a browser will parse it (WHATWG URL, against a stand-in
 * origin), so whatever a browser strips or rewrites — tabs and newlines
 * (`/\t/evil.example`), backslashes, leading spaces — is stripped here too
 * before the origin is compared; anything that would leave this origin is
 * `/`. The answer is the URL's own serialization, which is ASCII only, so it
 * is always a valid Location header. Pure, for the page and the browser.
 */
const HERE = 'http://hostwatch.invalid';

export function safeCallbackPath(raw: string | null | undefined): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  // A path, not a relative reference or a scheme: its first character (after what the parser trims) is a slash.
  if (!/^[\x00-\x20]*[/\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, HERE);
  } catch {
    return '/';
  }
  if (url.origin !== HERE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes (`/.//evil.example` normalizes to `//evil.example`) is another host to a browser.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  return path;
}

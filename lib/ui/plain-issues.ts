/**
 * The API's field problems (`error.details`: `{path, message, value?}` per
 * issue) in the words a form shows: "Tag 3 (“web server”) may hold only
 * letters…" rather than "tags.2 may hold…". The API's own message keeps the
 * field names a script needs; this is for people. Pure.
 */
export interface FieldIssue {
  path: string;
  message: string;
  value?: string;
}

/** Words for field names that camel case does not spell well. */
const WORDS: Record<string, string> = { url: 'URL', id: 'ID', ids: 'IDs', smtp: 'SMTP', tls: 'TLS', api: 'API' };

function words(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase())
    .join(' ');
}

const singular = (w: string) => (/ies$/.test(w) ? `${w.slice(0, -3)}y` : /ses$/.test(w) ? w.slice(0, -2) : /s$/.test(w) ? w.slice(0, -1) : w);

/** "tags.2" → "tag 3", "newPassword" → "new password", "(body)" → "". */
export function fieldLabel(path: string): string {
  if (path.startsWith('(')) return '';
  const parts: string[] = [];
  for (const segment of path.split('.')) {
    if (/^\d+$/.test(segment) && parts.length > 0) parts[parts.length - 1] = `${singular(parts[parts.length - 1]!)} ${Number(segment) + 1}`;
    else parts.push(words(segment));
  }
  return parts.join(' ');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function isFieldIssues(details: unknown): details is FieldIssue[] {
  return Array.isArray(details) && details.length > 0 && details.every((d) => d && typeof d === 'object' && typeof d.path === 'string' && typeof d.message === 'string');
}

/** One sentence per problem, or null when `details` is not a list of field problems. */
export function plainIssues(details: unknown): string | null {
  if (!isFieldIssues(details)) return null;
  const sentences = details.slice(0, 5).map((d) => {
    const label = fieldLabel(d.path);
    const value = d.value !== undefined && d.value !== '' ? ` (“${d.value}”)` : '';
    const text = label ? `${label}${value} ${d.message}` : d.message;
    return capital(text.trim()).replace(/[.;]?$/, '.');
  });
  if (details.length > 5) sentences.push(`And ${details.length - 5} more.`);
  return sentences.join(' ');
}

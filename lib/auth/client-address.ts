/**
 * The client's address for rate limiting: the first X-Forwarded-For hop (what
 * the outermost proxy saw; `next start` fills in the socket address when the
 * header is absent), else X-Real-IP. A client can claim any first hop when no
 * proxy overwrites it, which is why the login limit also counts per account.
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function clientAddress(headers: HeaderSource): string {
  const first = header(headers, 'x-forwarded-for')?.split(',')[0]?.trim();
  const address = first || header(headers, 'x-real-ip')?.trim() || 'unknown';
  // Bounded so a forged header cannot make keys of arbitrary size.
  return address.slice(0, 64).toLowerCase();
}

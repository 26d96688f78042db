import 'server-only';

/** Reading the parts of a Shoutrrr URL, with errors that say which part is wrong. */

export class ShoutrrrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShoutrrrError';
  }
}

export function decodePart(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ShoutrrrError(`${part} has a malformed %-escape`);
  }
}

/** The user and password of the URL, %-decoded. */
export function credentials(url: URL): { user: string; password: string } {
  return { user: decodePart(url.username, 'the user part'), password: decodePart(url.password, 'the password part') };
}

/** Path segments, %-decoded, without empty ones (a trailing slash adds nothing). */
export function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodePart(s, 'the path'));
}

const YES = new Set(['yes', 'true', '1', 'on']);
const NO = new Set(['no', 'false', '0', 'off']);

/**
 * The query options of a Shoutrrr URL. Shoutrrr reads keys case-insensitively
 * and the first value of each; so does this. Options a parser never reads are
 * reported as ignored rather than refused: a pasted Beszel URL with a colour or
 * a title still works.
 */
export class Params {
  private readonly values = new Map<string, string>();
  private readonly raw = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(url: URL) {
    for (const [key, value] of url.searchParams) {
      const k = key.toLowerCase();
      if (!this.values.has(k)) {
        this.values.set(k, value);
        this.raw.set(k, key);
      }
    }
  }

  /** The value of the first of these keys present (they are aliases). */
  get(...keys: string[]): string | undefined {
    for (const key of keys) {
      const k = key.toLowerCase();
      this.used.add(k);
      const v = this.values.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  bool(...keys: string[]): boolean | undefined {
    const v = this.get(...keys);
    if (v === undefined) return undefined;
    if (YES.has(v.toLowerCase())) return true;
    if (NO.has(v.toLowerCase())) return false;
    throw new ShoutrrrError(`${keys[0]} must be yes or no, not "${v}"`);
  }

  int(key: string, min: number, max: number): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max) throw new ShoutrrrError(`${key} must be a whole number from ${min} to ${max}, not "${v}"`);
    return n;
  }

  /** Every key present that no one asked for, as written in the URL. */
  ignored(): string[] {
    return [...this.values.keys()].filter((k) => !this.used.has(k)).map((k) => this.raw.get(k)!);
  }

  /** Keys present, lowercased (for parsers that pass unknown options through). */
  keys(): string[] {
    return [...this.values.keys()];
  }
}

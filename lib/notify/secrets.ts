import 'server-only';
import { channelKind } from './channels';

/**
 * Secret config fields are write-only: the API shows them masked and keeps
 * the stored value when an edit sends them back masked or not at all. They
 * never appear in a delivery's detail: every detail is scrubbed of them
 * (and of the token-carrying parts of secret URLs) before it leaves here.
 */

export const MASK = '••••';

type ConfigValue = string | number | boolean;
type Config = Record<string, ConfigValue>;

/** The secret field names of a kind; null for an unknown kind (then every string is treated as secret). */
function secretsOf(kind: string): readonly string[] | null {
  return channelKind(kind)?.secrets ?? null;
}

/** `••••` and the last 4 characters; only `••••` when the value is short enough that 4 characters would give much away. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `${MASK}${value.slice(-4)}` : MASK;
}

export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK);
}

/** A copy for showing: each secret (every string, for an unknown kind) masked. */
export function maskConfig(kind: string, config: Readonly<Config>): Config {
  const secrets = secretsOf(kind);
  const out: Config = {};
  for (const [key, value] of Object.entries(config)) {
    const secret = secrets ? secrets.includes(key) : typeof value === 'string';
    out[key] = secret && typeof value === 'string' ? maskSecret(value) : value;
  }
  return out;
}

/**
 * The config to store after an edit. A secret sent masked, as '' or not at
 * all keeps its stored value (forms leave password inputs empty); `null`
 * removes it. Other fields are taken as sent. Validate the result afterwards.
 */
export function mergeSecrets(kind: string, old: Readonly<Config>, incoming: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const secrets = secretsOf(kind) ?? [];
  const out: Record<string, unknown> = { ...incoming };
  for (const key of secrets) {
    const value = incoming[key];
    if (value === null) delete out[key];
    else if (value === undefined || value === '' || isMasked(value)) {
      if (old[key] !== undefined) out[key] = old[key];
      else delete out[key];
    }
  }
  return out;
}

/** Every text that would give a secret away: the value, its %-encoding, and for URLs their credential, path and query parts. */
export function secretFragments(kind: string, config: Readonly<Record<string, unknown>>): string[] {
  const secrets = secretsOf(kind);
  const fragments = new Set<string>();
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || value.length < 4 || (secrets && !secrets.includes(key))) continue;
    fragments.add(value);
    fragments.add(encodeURIComponent(value));
    let url: URL | null = null;
    try {
      url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : null;
    } catch {
      url = null;
    }
    if (!url) continue;
    const parts = [url.password, url.username, url.pathname, url.search, ...url.pathname.split('/'), ...[...url.searchParams.values()]];
    for (const part of parts) if (part.length >= 8) fragments.add(part);
  }
  return [...fragments].sort((a, b) => b.length - a.length);
}

export function redact(text: string, fragments: readonly string[]): string {
  let out = text;
  for (const f of fragments) out = out.split(f).join(MASK);
  return out;
}

/**
 * Secrets in other processes' command lines (`--password x`, a token in a
 * URL, `curl -H 'Authorization: …'`) must never leave this host: the top
 * process list and the watched-pattern counts are built from command lines
 * that went through here first. A counted pattern could otherwise probe a
 * secret one guessed character at a time, so matching sees the redacted text
 * too. Rules err on the side of hiding: a redacted port number costs nothing,
 * a shipped password cannot be taken back. The flag, header or key stays, so
 * a reader still sees what kind of value was there.
 */
export const REDACTED = '[redacted]';

/** Words that make a flag, key or variable name secret wherever they appear in it (PGPASSWORD, authToken, client_secret). */
const SECRET_PART = /pass(?:word|wd|phrase)|secret|token|api-?key|access-?key|private-?key|credential|signature|cookie/;
/** Words that make a name secret only as a whole segment (`--key x`, MYSQL_PWD, `--auth x`, AWS_SECRET_ACCESS_KEY). */
const SECRET_WORDS = new Set(['pass', 'pwd', 'key', 'auth', 'authorization', 'jwt']);
/** Names of settings about a secret rather than the secret itself (`--password-file /run/x`, `--token-type bearer`). */
const ABOUT_WORDS = new Set(['file', 'path', 'dir', 'env', 'stdin', 'type', 'length', 'len', 'size', 'policy', 'prompt', 'count', 'ttl', 'name']);

/** Is `name` (a flag without its dashes, an environment variable, a query key) the name of a secret? */
export function isSecretName(name: string): boolean {
  // camelCase → camel_case, so `trustStorePassword` and `apiKey` split like `api_key`.
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
  if (words.length === 0 || words[0] === 'no') return false; // --no-auth: a switch, not a value
  if (ABOUT_WORDS.has(words[words.length - 1]!)) return false;
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_PART.test(words.join('-'));
}

/** `--name value` / `-name value`: the flag alone, its value in the next argument. */
const BARE_FLAG = /^--?([A-Za-z][\w.-]*)$/;
/** A whole argument `NAME=value`, `--name=value` or `-Dsome.password=value`. */
const ASSIGNMENT = /^(-{0,2}[A-Za-z_][\w.-]*)=(.+)$/s;
/** A header given as one argument: `Authorization: Bearer x`, `X-Api-Key: x`, `Cookie: a=b`. */
const HEADER = /^((?:proxy-)?authorization|cookie|set-cookie|x-[\w-]*(?:token|key|secret|auth|session|password)[\w-]*)\s*:(.*)$/is;
/** Words that can sit between `Authorization:` and the credential when the header arrives split into words. */
const AUTH_SCHEME = /^(bearer|basic|token|digest|negotiate|ntlm|hmac|aws4-hmac-sha256)$/i;
/** A Hostwatch token (hwh_ host, hwa_ API, hws_ share) and JSON web tokens, wherever they appear. */
const KNOWN_TOKENS = /(?<![A-Za-z0-9])(hw[a-z]_)[A-Za-z0-9_-]{16,}|(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** The password of a URL's user info: `redis://:pw@host`, `https://user:pw@host`. */
const URL_PASSWORD = /(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/]*@/g;
/** The key of a `key=value` inside an argument: query strings, cookie lists, DSNs (`…?token=x&a=1`, `user=a password=b`). */
const EMBEDDED_KEY = /(^|[?&;,\s])([A-Za-z_][\w.-]*)=/g;
/** Where an embedded value ends. */
const PAIR_END = /[&;,\s]/;
/** `"key": "value"` inside an argument (a JSON option). */
const JSON_PAIR = /"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;
/** mysql's `-pSECRET`, the one common short flag that glues a password to itself. */
const MYSQL_TOOL = /^(mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlbinlog|mariadb[\w-]*)$/;
/** Programs whose short flag takes a password as the next argument. */
const SHORT_SECRET_FLAG: Record<string, string> = { 'redis-cli': '-a', 'keydb-cli': '-a', 'valkey-cli': '-a', sshpass: '-p' };
const USER_FLAG = new Set(['-u', '--user', '--proxy-user']);

function redactInside(arg: string): string {
  let out = arg;
  const header = HEADER.exec(out);
  if (header && header[2]!.trim() !== '') out = `${header[1]}: ${REDACTED}`;
  out = out.replace(KNOWN_TOKENS, (m, prefix: string | undefined) => (prefix ? `${prefix}${REDACTED}` : REDACTED));
  out = out.replace(URL_PASSWORD, `$1:${REDACTED}@`);
  out = redactPairs(out);
  out = out.replace(JSON_PAIR, (m, key: string, colon: string) => (isSecretName(key) ? `"${key}"${colon}"${REDACTED}"` : m));
  return out;
}

/** Every secret `key=value` value inside `s`; keys of other pairs are scanned past, so `url=https://h/?token=x` is found. */
function redactPairs(s: string): string {
  EMBEDDED_KEY.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = EMBEDDED_KEY.exec(s); m; m = EMBEDDED_KEY.exec(s)) {
    if (!isSecretName(m[2]!)) continue;
    const start = m.index + m[0].length;
    let end = start;
    while (end < s.length && !PAIR_END.test(s[end]!)) end++;
    if (end === start || s.slice(start, end) === REDACTED) continue;
    out += s.slice(last, start) + REDACTED;
    last = end;
    EMBEDDED_KEY.lastIndex = end;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * The arguments with every secret-looking value replaced by `[redacted]`.
 * Works on argv (from /proc/[pid]/cmdline, NUL-separated) so an argument with
 * spaces is one value; a line already joined by spaces can go through
 * `redactCommandLine`, which treats each word as an argument.
 */
export function redactArgs(args: readonly string[]): string[] {
  const out = args.slice();
  const program = (args[0] ?? '').slice((args[0] ?? '').lastIndexOf('/') + 1);
  const mysql = MYSQL_TOOL.test(program);
  const shortSecret = SHORT_SECRET_FLAG[program];
  for (let i = 0; i < out.length; i++) {
    const arg = out[i]!;
    const next = out[i + 1];
    if (mysql && arg.length > 2 && arg.startsWith('-p') && !arg.startsWith('--')) {
      out[i] = `-p${REDACTED}`;
      continue;
    }
    const bare = BARE_FLAG.exec(arg);
    if (bare && next !== undefined && !next.startsWith('--') && isSecretName(bare[1]!)) {
      out[i + 1] = REDACTED;
      i++;
      continue;
    }
    if (shortSecret === arg && next !== undefined) {
      out[i + 1] = REDACTED;
      i++;
      continue;
    }
    if (USER_FLAG.has(arg) && next !== undefined && next.includes(':')) {
      // curl -u user:password
      out[i + 1] = `${next.slice(0, next.indexOf(':'))}:${REDACTED}`;
      i++;
      continue;
    }
    const header = HEADER.exec(arg);
    if (header && header[2]!.trim() === '' && next !== undefined) {
      // The header split into words (a joined line): `Authorization:` `Bearer` `x`.
      if (AUTH_SCHEME.test(next) && out[i + 2] !== undefined) {
        out[i + 2] = REDACTED;
        i += 2;
      } else {
        out[i + 1] = REDACTED;
        i++;
      }
      continue;
    }
    const assignment = ASSIGNMENT.exec(arg);
    if (assignment && isSecretName(assignment[1]!.replace(/^-+D?/, ''))) {
      out[i] = `${assignment[1]}=${REDACTED}`;
      continue;
    }
    if (USER_FLAG.has(arg.slice(0, arg.indexOf('='))) && arg.includes(':')) {
      const eq = arg.indexOf('=');
      const colon = arg.indexOf(':', eq);
      out[i] = `${arg.slice(0, colon)}:${REDACTED}`;
      continue;
    }
    out[i] = redactInside(arg);
  }
  return out;
}

/** A command line joined by spaces (systeminformation's `params`), redacted word by word. */
export function redactCommandLine(line: string): string {
  return redactArgs(line.split(' ')).join(' ');
}

/** /proc/[pid]/cmdline text (NUL-separated, usually NUL-terminated) → one redacted line joined by spaces, as `ps` shows it. */
export function redactCmdline(raw: string): string {
  let end = raw.length;
  while (end > 0 && raw.charCodeAt(end - 1) === 0) end--;
  if (end === 0) return '';
  return redactArgs(raw.slice(0, end).split('\0')).join(' ');
}

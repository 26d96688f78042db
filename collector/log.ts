/**
 * One line per event: `<ISO time> <LEVEL> <message> key=value…` on stderr.
 * Secrets registered with `redact` are masked wherever they would appear, so
 * a token can never reach a log even through an error message.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that prefixes every line with `key=value` (a simulated host, say). */
  child(fields: Record<string, unknown>): Logger;
}

const secrets = new Set<string>();

export function redact(secret: string | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

function mask(s: string): string {
  let out = s;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

function fmt(v: unknown): string {
  const s = v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v);
  const one = String(s).replace(/\s*\n\s*/g, ' ');
  return /[\s"=]/.test(one) ? JSON.stringify(one) : one;
}

export function createLogger(
  minLevel: Level = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l),
  base: Record<string, unknown> = {},
): Logger {
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase()} ${msg}`;
    for (const [k, v] of Object.entries({ ...base, ...fields })) if (v !== undefined) line += ` ${k}=${fmt(v)}`;
    write(`${mask(line)}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(minLevel, write, { ...base, ...fields }),
  };
}

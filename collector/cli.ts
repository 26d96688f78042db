import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Options, in order of precedence: command-line flag > environment variable >
 * config file (JSON, `--config FILE`, default /etc/hostwatch/collector.json
 * when present) > default. A bad value stops start-up with one line naming it.
 */
type Kind = 'string' | 'number' | 'boolean';
interface Spec {
  flag: string;
  key: keyof Options;
  env?: string;
  kind: Kind;
  min?: number;
  integer?: boolean;
  arg?: string;
  help: string;
}

export interface Options {
  url?: string;
  token?: string;
  interval: number;
  postInterval: number;
  spoolDir: string;
  spoolMaxMb: number;
  once: boolean;
  simulate?: number;
  tokensFile?: string;
  backfill?: number;
  allowInsecureHttp: boolean;
  netIncludeVirtual: boolean;
  /** The container engine's API socket; "off" disables container discovery. */
  containerSocket?: string;
  /** systemd's system bus socket; "off" disables services. */
  systemdBus?: string;
  /** nvidia-smi's path; "off" disables the NVIDIA stream. */
  gpuTool?: string;
  /** Read SMART through smartctl every 30 min (needs root or CAP_SYS_RAWIO / CAP_SYS_ADMIN). */
  smart: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  config?: string;
  help: boolean;
  version: boolean;
}

export const SPECS: Spec[] = [
  { flag: 'url', key: 'url', env: 'HOSTWATCH_URL', kind: 'string', arg: 'URL', help: 'Hostwatch server, e.g. https://hostwatch.example.com' },
  { flag: 'token', key: 'token', env: 'HOSTWATCH_TOKEN', kind: 'string', arg: 'TOKEN', help: "this host's ingest token (prefer the env or the config file: flags show in ps)" },
  { flag: 'interval', key: 'interval', env: 'HOSTWATCH_INTERVAL', kind: 'number', min: 1, arg: 'SECONDS', help: 'sampling interval (default 5, minimum 1)' },
  { flag: 'post-interval', key: 'postInterval', env: 'HOSTWATCH_POST_INTERVAL', kind: 'number', min: 1, arg: 'SECONDS', help: 'how often pending samples are sent (default 10)' },
  { flag: 'spool-dir', key: 'spoolDir', env: 'HOSTWATCH_SPOOL_DIR', kind: 'string', arg: 'DIR', help: 'where unsent samples wait on disk (default: $STATE_DIRECTORY, /var/lib/hostwatch for root, else ~/.local/state/hostwatch)' },
  { flag: 'spool-max-mb', key: 'spoolMaxMb', env: 'HOSTWATCH_SPOOL_MAX_MB', kind: 'number', min: 0.1, arg: 'MB', help: 'spool size bound; the oldest samples are dropped first (default 50)' },
  { flag: 'once', key: 'once', kind: 'boolean', help: 'print one complete sample as JSON on stdout and exit (no server needed)' },
  { flag: 'simulate', key: 'simulate', env: 'HOSTWATCH_SIMULATE', kind: 'number', min: 1, integer: true, arg: 'N', help: 'run N synthetic hosts instead of sampling this machine' },
  { flag: 'tokens-file', key: 'tokensFile', env: 'HOSTWATCH_TOKENS_FILE', kind: 'string', arg: 'FILE', help: 'simulate: one ingest token per line, one per host (mode 0600)' },
  { flag: 'backfill', key: 'backfill', env: 'HOSTWATCH_BACKFILL', kind: 'number', min: 0, arg: 'HOURS', help: 'simulate: first send HOURS of history up to now' },
  { flag: 'allow-insecure-http', key: 'allowInsecureHttp', env: 'HOSTWATCH_ALLOW_INSECURE_HTTP', kind: 'boolean', help: 'allow plain http to a non-loopback server' },
  { flag: 'net-include-virtual', key: 'netIncludeVirtual', env: 'HOSTWATCH_NET_INCLUDE_VIRTUAL', kind: 'boolean', help: 'also report virtual interfaces (veth, docker bridges, …)' },
  { flag: 'container-socket', key: 'containerSocket', env: 'HOSTWATCH_CONTAINER_SOCKET', kind: 'string', arg: 'PATH', help: 'Docker or Podman API socket (default: /var/run/docker.sock, else /run/podman/podman.sock, when present; "off": no containers)' },
  { flag: 'systemd-bus', key: 'systemdBus', env: 'HOSTWATCH_SYSTEMD_BUS', kind: 'string', arg: 'PATH', help: 'system D-Bus socket for systemd services (default: /run/dbus/system_bus_socket when present, else cgroups only; "off": no services)' },
  { flag: 'gpu-tool', key: 'gpuTool', env: 'HOSTWATCH_GPU_TOOL', kind: 'string', arg: 'PATH', help: 'nvidia-smi to stream NVIDIA GPU readings from (default: nvidia-smi on PATH, when present; "off": none)' },
  { flag: 'smart', key: 'smart', env: 'HOSTWATCH_SMART', kind: 'boolean', help: 'read drive health with smartctl every 30 min (needs root or CAP_SYS_RAWIO/CAP_SYS_ADMIN)' },
  { flag: 'log-level', key: 'logLevel', env: 'HOSTWATCH_LOG_LEVEL', kind: 'string', arg: 'LEVEL', help: 'debug, info, warn or error (default info)' },
  { flag: 'config', key: 'config', env: 'HOSTWATCH_CONFIG', kind: 'string', arg: 'FILE', help: 'JSON config file (default /etc/hostwatch/collector.json when present)' },
  { flag: 'help', key: 'help', kind: 'boolean', help: 'show this help' },
  { flag: 'version', key: 'version', kind: 'boolean', help: 'print the collector version' },
];

export const DEFAULT_CONFIG = '/etc/hostwatch/collector.json';

export class UsageError extends Error {}

type Env = Record<string, string | undefined>;

export function defaultSpoolDir(env: Env, uid: number | undefined): string {
  if (env.STATE_DIRECTORY) return path.join(env.STATE_DIRECTORY.split(':')[0]!, 'spool');
  if (uid === 0) return '/var/lib/hostwatch/spool';
  const state = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'hostwatch', 'spool');
}

function convert(spec: Spec, raw: unknown, where: string): unknown {
  const name = where;
  if (spec.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const s = String(raw).toLowerCase();
    if (['1', 'true', 'yes', 'on', ''].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    throw new UsageError(`${name}: must be true or false, got "${String(raw)}"`);
  }
  if (spec.kind === 'number') {
    const n = typeof raw === 'number' ? raw : Number(String(raw).trim() === '' ? NaN : raw);
    if (!Number.isFinite(n)) throw new UsageError(`${name}: must be a number, got "${String(raw)}"`);
    if (spec.integer && !Number.isInteger(n)) throw new UsageError(`${name}: must be a whole number, got ${n}`);
    if (spec.min !== undefined && n < spec.min) throw new UsageError(`${name}: must be at least ${spec.min}, got ${n}`);
    return n;
  }
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`${name}: must be a non-empty string`);
  return raw;
}

function readConfigFile(file: string, explicit: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`--config: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`--config: ${file} is not valid JSON`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`--config: ${file} must hold a JSON object`);
  const obj = data as Record<string, unknown>;
  if ('token' in obj) assertPrivate(file, '--config');
  return obj;
}

/** A file holding a secret must not be readable by anyone but its owner. */
export function assertPrivate(file: string, option: string): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new UsageError(`${option}: ${file} holds a token but has mode ${mode.toString(8).padStart(4, '0')}; run: chmod 600 ${file}`);
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function checkUrl(url: string, allowInsecure: boolean): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--url: "${url}" is not a URL (expected e.g. https://hostwatch.example.com)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UsageError(`--url: must start with https:// (got ${u.protocol})`);
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname) && !allowInsecure) {
    throw new UsageError(`--url: plain http to ${u.hostname} would send the token unencrypted; use https or pass --allow-insecure-http`);
  }
  if (u.username || u.password) throw new UsageError('--url: must not contain a user name or password');
  return u;
}

export function parseOptions(argv: string[], env: Env, uid = process.getuid?.()): Options {
  const byFlag = new Map(SPECS.map((s) => [s.flag, s]));
  const byKey = new Map(SPECS.map((s) => [s.key as string, s]));
  const cli: Partial<Record<keyof Options, unknown>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (see --help)`);
    const eq = arg.indexOf('=');
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byFlag.get(flag);
    if (!spec) throw new UsageError(`unknown option --${flag} (see --help)`);
    let raw: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (spec.kind !== 'boolean' && raw === undefined) {
      raw = argv[++i];
      if (raw === undefined) throw new UsageError(`--${flag}: needs a value (${spec.arg})`);
    }
    cli[spec.key] = convert(spec, raw ?? true, `--${flag}`);
  }

  const configPath = (cli.config as string | undefined) ?? env.HOSTWATCH_CONFIG;
  const file = readConfigFile(configPath ?? DEFAULT_CONFIG, configPath !== undefined);
  const fromFile: Partial<Record<keyof Options, unknown>> = {};
  for (const [k, v] of Object.entries(file)) {
    const spec = byKey.get(k);
    if (!spec || ['config', 'help', 'version', 'once'].includes(k)) {
      throw new UsageError(`--config: unknown key "${k}" in ${configPath ?? DEFAULT_CONFIG}`);
    }
    fromFile[spec.key] = convert(spec, v, `--config key ${k}`);
  }

  const out: Record<string, unknown> = {
    interval: 5,
    postInterval: 10,
    spoolMaxMb: 50,
    once: false,
    allowInsecureHttp: false,
    netIncludeVirtual: false,
    smart: false,
    logLevel: 'info',
    help: false,
    version: false,
  };
  for (const spec of SPECS) {
    const envRaw = spec.env ? env[spec.env] : undefined;
    if (spec.key in cli) out[spec.key] = cli[spec.key];
    else if (envRaw !== undefined && envRaw !== '') out[spec.key] = convert(spec, envRaw, spec.env!);
    else if (spec.key in fromFile) out[spec.key] = fromFile[spec.key];
  }
  out.spoolDir ??= defaultSpoolDir(env, uid);
  const opts = out as unknown as Options;
  if (!['debug', 'info', 'warn', 'error'].includes(opts.logLevel)) {
    throw new UsageError(`--log-level: must be debug, info, warn or error, got "${opts.logLevel}"`);
  }
  return opts;
}

export function helpText(): string {
  const lines = ['Usage: node hostwatch-collector.mjs [options]', '', 'Samples this machine and pushes it to a Hostwatch server.', '', 'Options (flag > environment > config file > default):'];
  for (const s of SPECS) {
    const left = `  --${s.flag}${s.arg ? ` ${s.arg}` : ''}`;
    lines.push(`${left.padEnd(30)} ${s.help}${s.env ? ` [${s.env}]` : ''}`);
  }
  lines.push('', `Config file keys are the camelCase option names, e.g. {"url": "...", "token": "...", "interval": 5}.`);
  return `${lines.join('\n')}\n`;
}

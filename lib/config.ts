import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import type { SeriesLimits } from '@/lib/metrics/registry';
import type { Retention } from '@/lib/metrics/tiers';
import { positiveInt } from './config-number';
import { parseRetention } from './config-retention';
import { parseSeriesLimits } from './config-series';
import { parseSsoConfig, type SsoConfig } from './config-sso';

/**
 * Every environment setting Hostwatch reads, validated once. Defaults suit a
 * first run on a laptop; production refuses to start without a session secret.
 */


/** Milliseconds from 100 ms to 10 minutes. */
const milliseconds = z.coerce
  .number()
  .int('must be a whole number of milliseconds')
  .min(100, 'must be at least 100 (ms)')
  .max(600_000, 'must be at most 600000 (10 minutes)');
// A collector's request head arrives at once and its body (at most 1 MB, gzipped) in seconds even on a slow uplink.
const HEADERS_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 60_000;

const optionalUrl = z.url('must be a URL like https://example.com').optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOSTWATCH_STORE: z.enum(['sqlite', 'redis', 'upstash']).optional(),
  HOSTWATCH_DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  // REDIS_URL names Redis Cluster nodes (a comma list; one is enough, the client finds the rest).
  HOSTWATCH_REDIS_CLUSTER: z.enum(['true', 'false']).optional(),
  KV_REST_API_URL: optionalUrl,
  KV_REST_API_TOKEN: z.string().min(1).optional(),
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  NEXTAUTH_URL: optionalUrl,
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  // HOSTWATCH_RETENTION_* (how long each tier of history is kept) are read by config-retention.ts.
  HOSTWATCH_INGEST_RATE_PER_MIN: positiveInt(120),
  HOSTWATCH_API_RATE_PER_MIN: positiveInt(600),
  HOSTWATCH_SHARE_RATE_PER_MIN: positiveInt(300),
  HOSTWATCH_LOGIN_ATTEMPTS_PER_ADDRESS: positiveInt(30),
  // Slow clients (lib/http/slow-clients.ts): the whole request head, then the whole request, must arrive within these.
  HOSTWATCH_HEADERS_TIMEOUT_MS: milliseconds.default(HEADERS_TIMEOUT_MS),
  HOSTWATCH_REQUEST_TIMEOUT_MS: milliseconds.default(REQUEST_TIMEOUT_MS),
  HOSTWATCH_KEEPALIVE_TIMEOUT_MS: milliseconds.optional(),
  // Per-host caps on the series families (HOSTWATCH_MAX_<FAMILY>) are read by config-series.ts, one per registry family.
  // Alerting's periodic tick (host down, repeats, retries); serverless deployments call the cron route instead.
  HOSTWATCH_ALERT_TICK_SECONDS: positiveInt(15).pipe(z.number().min(5, 'must be at least 5').max(300, 'must be at most 300')),
  HOSTWATCH_ALERT_SCHEDULER: z.enum(['on', 'off']).optional(),
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 16)').optional(),
  VERCEL: z.string().optional(),
  // Private and loopback ranges alert notifications may reach (lib/notify/policy.ts): a comma list of CIDRs
  // (10.0.0.0/8,fd00::/8), or * for every private and loopback range. Metadata and link-local addresses stay refused.
  HOSTWATCH_ALERTS_ALLOW_PRIVATE: z
    .string()
    .transform((s) => s.split(',').map((e) => e.trim()).filter((e) => e !== ''))
    .pipe(z.array(z.union([z.literal('*'), z.cidrv4(), z.cidrv6()], { error: (i) => `has "${String(i.input)}", which is neither * nor a CIDR like 10.0.0.0/8` })))
    .default([]),
  // Who may tell us the client's address (lib/auth/client-address.ts): `vercel`, or a comma list of proxy
  // addresses and CIDRs (127.0.0.1,10.0.0.0/8). Unset: forwarded headers are ignored (on Vercel: `vercel`).
  HOSTWATCH_TRUSTED_PROXIES: z
    .string()
    .transform((s) => s.split(',').map((e) => e.trim()).filter((e) => e !== ''))
    .pipe(
      z
        .array(z.union([z.literal('vercel'), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: (i) => `has "${String(i.input).slice(0, 60)}", which is neither an IP address nor a CIDR like 10.0.0.0/8` }))
        .max(64, 'may list at most 64 entries')
        .refine((entries) => !entries.includes('vercel') || entries.length === 1, 'is either the single word vercel or a list of addresses and CIDRs'),
    )
    .optional(),
  // Prometheus (lib/export/): the scrape's host cap; remote write out, off unless a URL is set (the operator's, never a user's).
  HOSTWATCH_PROMETHEUS_MAX_HOSTS: positiveInt(2000).pipe(z.number().max(100_000, 'must be at most 100000')),
  HOSTWATCH_REMOTE_WRITE_URL: z
    .url('must be a URL like https://prometheus.example.com/api/v1/write')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL')
    .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), 'must not hold credentials: use HOSTWATCH_REMOTE_WRITE_USERNAME and _PASSWORD')
    .optional(),
  HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN: z.string().min(1).max(4096, 'must be at most 4096 characters').optional(),
  HOSTWATCH_REMOTE_WRITE_USERNAME: z.string().min(1).max(256, 'must be at most 256 characters').optional(),
  HOSTWATCH_REMOTE_WRITE_PASSWORD: z.string().min(1).max(1024, 'must be at most 1024 characters').optional(),
  HOSTWATCH_REMOTE_WRITE_QUEUE_SAMPLES: positiveInt(100_000).pipe(z.number().min(1000, 'must be at least 1000').max(10_000_000, 'must be at most 10000000')),
});

/** Rules that join several variables; checked even when single values are wrong, so every problem shows at once. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const production = (env.NODE_ENV ?? 'development') === 'production';
  if (production && !env.NEXTAUTH_SECRET) {
    problems.push('NEXTAUTH_SECRET is required in production (try: openssl rand -base64 32)');
  }
  if (env.HOSTWATCH_STORE === 'redis' && !env.REDIS_URL) problems.push('REDIS_URL is required when HOSTWATCH_STORE=redis');
  const urls = (env.REDIS_URL ?? '').split(',').map((u) => u.trim());
  if (env.HOSTWATCH_REDIS_CLUSTER === 'true') {
    if (env.HOSTWATCH_STORE && env.HOSTWATCH_STORE !== 'redis') problems.push(`HOSTWATCH_REDIS_CLUSTER=true needs the redis store, not HOSTWATCH_STORE=${env.HOSTWATCH_STORE.slice(0, 20)}`);
    if (!env.REDIS_URL) problems.push('REDIS_URL is required when HOSTWATCH_REDIS_CLUSTER=true (one or more cluster nodes, comma-separated)');
    else if (urls.length > 16 || urls.some((u) => !/^rediss?:\/\/[^\s,]+$/.test(u))) problems.push('REDIS_URL must list at most 16 redis:// or rediss:// node URLs, comma-separated, when HOSTWATCH_REDIS_CLUSTER=true');
  } else if (urls.length > 1) problems.push('REDIS_URL lists several nodes: set HOSTWATCH_REDIS_CLUSTER=true for a Redis Cluster, or give one URL');
  if (env.HOSTWATCH_STORE === 'upstash' && !(env.KV_REST_API_URL || env.UPSTASH_REDIS_REST_URL)) {
    problems.push('KV_REST_API_URL (or UPSTASH_REDIS_REST_URL) is required when HOSTWATCH_STORE=upstash');
  }
  const upstashUrl = env.KV_REST_API_URL || env.UPSTASH_REDIS_REST_URL;
  if (upstashUrl && !(env.KV_REST_API_TOKEN || env.UPSTASH_REDIS_REST_TOKEN) && (env.HOSTWATCH_STORE ?? 'upstash') === 'upstash' && !env.REDIS_URL) {
    problems.push('KV_REST_API_TOKEN (or UPSTASH_REDIS_REST_TOKEN) is required with an Upstash REST URL');
  }
  const headers = Number(env.HOSTWATCH_HEADERS_TIMEOUT_MS ?? HEADERS_TIMEOUT_MS);
  const request = Number(env.HOSTWATCH_REQUEST_TIMEOUT_MS ?? REQUEST_TIMEOUT_MS);
  if (env.HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN && (env.HOSTWATCH_REMOTE_WRITE_USERNAME || env.HOSTWATCH_REMOTE_WRITE_PASSWORD)) {
    problems.push('HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN and HOSTWATCH_REMOTE_WRITE_USERNAME/PASSWORD exclude each other: choose bearer or basic auth');
  }
  if (Boolean(env.HOSTWATCH_REMOTE_WRITE_USERNAME) !== Boolean(env.HOSTWATCH_REMOTE_WRITE_PASSWORD)) {
    problems.push('HOSTWATCH_REMOTE_WRITE_USERNAME and HOSTWATCH_REMOTE_WRITE_PASSWORD go together (basic auth)');
  }
  if (headers > request) problems.push('HOSTWATCH_HEADERS_TIMEOUT_MS must not exceed HOSTWATCH_REQUEST_TIMEOUT_MS (the request includes its headers)');
  return problems;
}

export type StoreKind = 'sqlite' | 'redis' | 'upstash';

export type TrustedProxies = { kind: 'none' } | { kind: 'vercel' } | { kind: 'list'; entries: string[] };

export interface Config {
  env: 'development' | 'production' | 'test';
  store:
    | { kind: 'sqlite'; file: string }
    | { kind: 'redis'; url: string; cluster?: boolean }
    | { kind: 'upstash'; url: string; token: string };
  /**
   * trustedProxies: whose forwarded headers name the client (rate limits per address): none (the socket's peer is
   * the client), `vercel` (the platform sets them), or proxy addresses and CIDRs.
   */
  auth: { secret: string | undefined; url: string | undefined; adminEmail?: string; adminPassword?: string; trustedProxies: TrustedProxies };
  /** Single sign-on (OpenID Connect, GitHub), the allow-list and whether password sign-in is on (config-sso.ts). */
  sso: SsoConfig;
  /** How long each tier of history is kept, each at least as long as the finer one (config-retention.ts). */
  retention: Retention;
  /** sharePerMinute: requests to share links per client address (a Live viewer makes about 120). */
  /** loginPerAddress: sign-in and setup attempts per client address per 15 minutes, whatever their outcome (login-limit.ts). */
  rateLimits: { ingestPerMinute: number; apiPerMinute: number; sharePerMinute: number; loginPerAddress: number };
  seriesLimits: SeriesLimits;
  /**
   * tickMs: how often the in-process scheduler judges what needs time to pass;
   * scheduler: whether this process runs it (off on Vercel, where the cron route does);
   * cronSecret: the bearer the cron route requires (Vercel sends CRON_SECRET).
   */
  alerts: { tickMs: number; scheduler: boolean; cronSecret: string | undefined };
  /**
   * How long a client may take (lib/http/slow-clients.ts): headersTimeoutMs for the request head, requestTimeoutMs
   * for the whole request (head and body); keepAliveTimeoutMs for an idle kept-alive connection, undefined to
   * leave Next's (`next start --keepAliveTimeout`, else Node's 5 s); ownsConnections: false on Vercel, whose
   * platform holds the client connections (and bounds them).
   */
  server: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number | undefined; ownsConnections: boolean };
  /** allowPrivate: HOSTWATCH_ALERTS_ALLOW_PRIVATE's entries (`*` or CIDRs); empty refuses every private and loopback address. */
  notify: { allowPrivate: string[] };
  /**
   * prometheusMaxHosts: the most hosts one scrape of /api/v1/prometheus carries (the rest are counted as omitted);
   * remoteWrite: where every accepted sample is forwarded (lib/export/remote-write.ts), or null when off.
   */
  export: { prometheusMaxHosts: number; remoteWrite: RemoteWriteConfig | null };
}

export type RemoteWriteAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

export interface RemoteWriteConfig {
  url: string;
  auth: RemoteWriteAuth;
  /** Samples (one value of one series) the queue holds before it drops new ones. */
  queueSamples: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Hostwatch cannot start: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Vercel sets the forwarded headers itself (a client cannot forge them there), so it is the default on Vercel. */
function trustedProxiesOf(entries: string[] | undefined, onVercel: boolean): TrustedProxies {
  if (!entries) return onVercel ? { kind: 'vercel' } : { kind: 'none' };
  if (entries.length === 1 && entries[0] === 'vercel') return { kind: 'vercel' };
  return entries.length === 0 ? { kind: 'none' } : { kind: 'list', entries };
}

/** Pure: parse an environment into a Config, or throw ConfigError naming each bad variable. */
export function parseConfig(raw: Record<string, string | undefined>): Config {
  // An empty variable means "unset": shells and .env files produce them easily.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  const sso = parseSsoConfig(cleaned);
  const series = parseSeriesLimits(cleaned);
  const retention = parseRetention(cleaned);
  const problems = [
    ...(result.error?.issues ?? []).map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const message = i.code === 'invalid_value' ? `must be one of ${i.values.join(', ')}` : i.message;
      return `${name} ${message}`;
    }),
    ...crossFieldProblems(cleaned),
    ...sso.problems,
    ...series.problems,
    ...retention.problems,
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  const upstashUrl = e.KV_REST_API_URL ?? e.UPSTASH_REDIS_REST_URL;
  const upstashToken = e.KV_REST_API_TOKEN ?? e.UPSTASH_REDIS_REST_TOKEN;
  const kind: StoreKind = e.HOSTWATCH_STORE ?? (e.REDIS_URL ? 'redis' : upstashUrl ? 'upstash' : 'sqlite');
  const store: Config['store'] =
    kind === 'redis'
      ? { kind, url: e.REDIS_URL!, ...(e.HOSTWATCH_REDIS_CLUSTER === 'true' ? { cluster: true } : {}) }
      : kind === 'upstash'
        ? { kind, url: upstashUrl!, token: upstashToken! }
        : { kind, file: path.resolve(e.HOSTWATCH_DATA_DIR, 'hostwatch.db') };
  return {
    env: e.NODE_ENV,
    store,
    auth: {
      secret: e.NEXTAUTH_SECRET,
      url: e.NEXTAUTH_URL,
      adminEmail: e.ADMIN_EMAIL,
      adminPassword: e.ADMIN_PASSWORD,
      trustedProxies: trustedProxiesOf(e.HOSTWATCH_TRUSTED_PROXIES, Boolean(e.VERCEL)),
    },
    sso: sso.sso,
    retention: retention.retention,
    rateLimits: {
      ingestPerMinute: e.HOSTWATCH_INGEST_RATE_PER_MIN,
      apiPerMinute: e.HOSTWATCH_API_RATE_PER_MIN,
      sharePerMinute: e.HOSTWATCH_SHARE_RATE_PER_MIN,
      loginPerAddress: e.HOSTWATCH_LOGIN_ATTEMPTS_PER_ADDRESS,
    },
    seriesLimits: series.limits,
    alerts: {
      tickMs: e.HOSTWATCH_ALERT_TICK_SECONDS * 1000,
      scheduler: (e.HOSTWATCH_ALERT_SCHEDULER ?? (e.VERCEL ? 'off' : 'on')) === 'on',
      cronSecret: e.CRON_SECRET,
    },
    notify: { allowPrivate: e.HOSTWATCH_ALERTS_ALLOW_PRIVATE },
    export: {
      prometheusMaxHosts: e.HOSTWATCH_PROMETHEUS_MAX_HOSTS,
      remoteWrite: e.HOSTWATCH_REMOTE_WRITE_URL
        ? {
            url: e.HOSTWATCH_REMOTE_WRITE_URL,
            auth: e.HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN
              ? { kind: 'bearer', token: e.HOSTWATCH_REMOTE_WRITE_BEARER_TOKEN }
              : e.HOSTWATCH_REMOTE_WRITE_USERNAME && e.HOSTWATCH_REMOTE_WRITE_PASSWORD
                ? { kind: 'basic', username: e.HOSTWATCH_REMOTE_WRITE_USERNAME, password: e.HOSTWATCH_REMOTE_WRITE_PASSWORD }
                : { kind: 'none' },
            queueSamples: e.HOSTWATCH_REMOTE_WRITE_QUEUE_SAMPLES,
          }
        : null,
    },
    server: {
      headersTimeoutMs: e.HOSTWATCH_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HOSTWATCH_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HOSTWATCH_KEEPALIVE_TIMEOUT_MS,
      ownsConnections: !e.VERCEL,
    },
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

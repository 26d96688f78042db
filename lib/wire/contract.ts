import { z } from 'zod';
import { MAX_BATTERIES, MAX_DRIVES, MAX_FANS, MAX_GPUS } from './limits';
import { CONTAINER_HEALTH, CONTAINER_STATES, MAX_BATCH_SAMPLES, MAX_BYTES, MAX_CONTAINERS, MAX_CELSIUS, MAX_COUNT, MAX_LOAD, MAX_RATE, MIN_CELSIUS, WIRE_VERSION } from './limits';
import { MAX_SERVICES, SERVICE_STATES } from './limits';
import { cleanText } from './text';
import { batterySchema, driveSchema, fanSchema, gpuSchema } from './hardware';

/**
 * The wire contract between the collector and the server, version 1.
 * Shared by collector/ (bundled into the collector) and the ingest route, so
 * it must stay free of server-only imports. Types are inferred from the
 * schemas: change a field here and both sides follow.
 */

export { BATTERY_STATUS, DRIVE_HEALTH, GPU_VENDORS, MAX_BATTERIES, MAX_DRIVES, MAX_FANS, MAX_GPUS } from './limits';
export type { Battery, Drive, Fan, Gpu, GpuProcess } from './hardware';
export { CONTAINER_HEALTH, CONTAINER_STATES, MAX_BATCH_SAMPLES, MAX_BODY_BYTES, MAX_CONTAINERS, MAX_FUTURE_SKEW_MS, WIRE_VERSION } from './limits';
export { MAX_SERVICES, SERVICE_STATES } from './limits';

// Every number has a physical range (lib/wire/limits.ts): a value outside it is a 400 naming the field.
const num = z.number().finite('must be a finite number');
const nonNegative = num.nonnegative('must not be negative');
const count = z.number().int('must be a whole number').nonnegative('must not be negative').max(MAX_COUNT, `must be at most ${MAX_COUNT}`);
const pct = num.min(0, 'must be a percentage from 0 to 100').max(100, 'must be a percentage from 0 to 100');
const bytes = nonNegative.max(MAX_BYTES, 'must be at most 2^53 bytes');
const rate = nonNegative.max(MAX_RATE, 'must be at most 2^53 per second'); // averaged over the sample's interval
const load = nonNegative.max(MAX_LOAD, `must be a load average from 0 to ${MAX_LOAD}`);
// Epoch times may be fractional (boot time from uptime); they only need a finite, non-negative range.
const epochMs = nonNegative.max(MAX_COUNT, `must be at most ${MAX_COUNT}`);
/*
 * Every string a sample carries is displayed somewhere, so each is cleaned of
 * bidi controls and invisible characters (lib/wire/text.ts) after its bounds
 * are checked: "evil" with U+202E in it is stored as "evil", never shown as
 * "live", and the batch is not refused for it.
 */
const text = (max: number) => z.string().max(max).overwrite(cleanText);
const label = (max: number) => z.string().min(1).max(max).overwrite(cleanText);
/**
 * A process pattern an alert rule watches (lib/alerts): plain text, matched against every process's name and command line.
 * Not cleaned: in a sample it echoes the server's own pattern back as a key, which must match the rule's exactly.
 */
const watchPattern = z.string().min(1).max(128);
/** At most this many patterns per host: the reply carries them, the collector counts each on every sample. */
export const MAX_WATCH_PATTERNS = 64;

export const cpuSchema = z.object({
  total: pct,
  user: pct,
  system: pct,
  iowait: pct,
  steal: pct,
  irq: pct,
  nice: pct,
  idle: pct,
  /** Busy % of each logical CPU, in order. */
  cores: z.array(pct).max(1024),
  load1: load,
  load5: load,
  load15: load,
  ctxtPerSec: rate,
  intrPerSec: rate,
  procsRunning: count,
  procsBlocked: count,
});

export const memorySchema = z.object({
  total: bytes,
  used: bytes,
  available: bytes,
  buffers: bytes,
  cached: bytes,
  swapTotal: bytes,
  swapUsed: bytes,
});

export const filesystemSchema = z.object({
  mount: label(512),
  device: label(512),
  type: label(64),
  size: bytes,
  used: bytes,
  free: bytes,
  usedPct: pct,
  inodesUsed: count,
  inodesTotal: count,
});

export const diskRatesSchema = z.object({
  readBps: rate,
  writeBps: rate,
  readsPerSec: rate,
  writesPerSec: rate,
  busyPct: pct,
});

export const diskSchema = diskRatesSchema.extend({ name: label(128) });

export const netRatesSchema = z.object({
  rxBps: rate,
  txBps: rate,
  rxPps: rate,
  txPps: rate,
  rxErrPerSec: rate,
  txErrPerSec: rate,
  rxDropPerSec: rate,
  txDropPerSec: rate,
});

export const netInterfaceSchema = netRatesSchema.extend({ name: label(64) });

export const temperatureSchema = z.object({
  label: label(128),
  celsius: num.min(MIN_CELSIUS, `must be a temperature from ${MIN_CELSIUS} to ${MAX_CELSIUS} °C`).max(MAX_CELSIUS, `must be a temperature from ${MIN_CELSIUS} to ${MAX_CELSIUS} °C`),
});

export const processSchema = z.object({
  pid: z.number().int().positive().max(MAX_COUNT),
  name: text(256),
  user: text(64),
  state: text(16),
  /** Share of the whole machine's CPU capacity over the interval (all cores = 100). */
  cpuPct: pct,
  rss: bytes,
  memPct: pct,
  threads: count,
  /** Process start, ms since the epoch. */
  startedAt: epochMs,
  /** Command line, cut at 200 characters. */
  command: text(200),
});

/**
 * One container the collector found through the engine's API (docker or
 * podman). Its usage comes from its cgroup and its network namespace; a
 * container that is not running reports zeros there and carries no series
 * (lib/metrics/registry.ts): only its state is kept, in the latest sample.
 */
export const containerSchema = z.object({
  /** The engine's container id (hex). */
  id: label(64),
  /** Without the leading slash the Docker API puts in front. */
  name: label(255),
  image: text(512),
  state: z.literal(CONTAINER_STATES),
  health: z.literal(CONTAINER_HEALTH),
  restarts: count,
  /** When it last started, ms since the epoch; 0 when never or unknown. */
  startedAt: epochMs,
  /** Share of the whole machine's CPU capacity over the interval (all cores = 100), like a process's cpuPct. */
  cpuPct: pct,
  /** Memory in use, without the inactive page cache (what `docker stats` shows). */
  memUsed: bytes,
  /** The container's memory limit; 0 when it has none. */
  memLimit: bytes,
  /** Page cache charged to the container. */
  memCache: bytes,
  blkReadBps: rate,
  blkWriteBps: rate,
  netRxBps: rate,
  netTxBps: rate,
  pids: count,
});

/**
 * One systemd service (unit `<name>.service`), from systemd's D-Bus API or,
 * without it, from its cgroup alone (running while the cgroup is populated).
 * CPU and memory come from the unit's cgroup; a service that is not running
 * reports zeros there and carries no series: its state is kept in the latest
 * sample only.
 */
export const serviceSchema = z.object({
  /** The unit name without `.service` ("nginx", "getty@tty1"). */
  name: label(255),
  state: z.literal(SERVICE_STATES),
  /** systemd's SubState ("running", "exited", "dead", "auto-restart", …); "" when unknown. */
  subState: text(32),
  /** systemd's NRestarts (restarts by Restart=); 0 when unknown. */
  restarts: count,
  /** Share of the whole machine's CPU capacity over the interval (all cores = 100). */
  cpuPct: pct,
  /** Memory charged to the unit's cgroup, without the inactive page cache. */
  memUsed: bytes,
});

export const sampleSchema = z.object({
  /** Sample time in ms since the epoch; with the host, the sample's identity. */
  ts: z.number().int('must be whole milliseconds').positive().max(MAX_COUNT),
  /** Milliseconds the rates and averages in this sample cover. */
  intervalMs: z.number().int().positive().max(3_600_000),
  cpu: cpuSchema,
  memory: memorySchema,
  filesystems: z.array(filesystemSchema).max(256),
  disk: z.object({ total: diskRatesSchema, devices: z.array(diskSchema).max(256) }),
  network: z.object({ total: netRatesSchema, interfaces: z.array(netInterfaceSchema).max(256) }),
  /** Absent sensors are absent, never 0. */
  temperatures: z.array(temperatureSchema).max(128),
  processes: z.object({
    total: count,
    running: count,
    /** Union of the top by CPU and the top by memory. */
    top: z.array(processSchema).max(100),
    /**
     * For each pattern the server's last reply asked about (`watch`), how many of
     * ALL the host's processes match it: name equal to the pattern, or command
     * line containing it. Absent when the collector has no patterns (yet).
     */
    watched: z.array(z.object({ pattern: watchPattern, count })).max(MAX_WATCH_PATTERNS).optional(),
  }),
  /** Containers of the host's engine; absent when the collector found no engine socket. */
  containers: z.array(containerSchema).max(MAX_CONTAINERS).optional(),
  /** systemd services; absent when the collector found neither systemd's bus nor a system.slice cgroup. */
  services: z.array(serviceSchema).max(MAX_SERVICES).optional(),
  /** GPUs, drive health, fans and batteries (lib/wire/hardware.ts); each absent when the host has none. */
  gpus: z.array(gpuSchema).max(MAX_GPUS).optional(),
  drives: z.array(driveSchema).max(MAX_DRIVES).optional(),
  fans: z.array(fanSchema).max(MAX_FANS).optional(),
  batteries: z.array(batterySchema).max(MAX_BATTERIES).optional(),
});

export const systemInfoSchema = z.object({
  hostname: label(255),
  os: text(128),
  osVersion: text(128),
  kernel: text(128),
  arch: text(32),
  cpuModel: text(256),
  cores: count,
  threads: count,
  memoryTotal: bytes,
  bootTime: epochMs,
  virtualization: text(64),
  collectorVersion: text(64),
});

// A spool holds at most millions of samples; the bound keeps the host's running total of drops far from overflowing on any store.
const sampleCount = count.max(1_000_000_000, 'must be at most 1,000,000,000 samples');

export const countersSchema = z.object({
  /** Samples waiting in the collector's spool when the batch was sent. */
  spooled: sampleCount,
  /** Samples the collector dropped (spool full) since its last successful batch. */
  dropped: sampleCount,
});

export const batchSchema = z.object({
  v: z.literal(WIRE_VERSION),
  samples: z.array(sampleSchema).min(1, 'must hold at least one sample').max(MAX_BATCH_SAMPLES),
  system: systemInfoSchema.optional(),
  counters: countersSchema,
});

/** Longest reason text a reply's `refused` carries. */
export const MAX_REFUSED_REASON = 300;

/**
 * The server's reply to an accepted batch: how many were new, how many it refused and why, and the cadence
 * it asks for. The batch leaves the collector's spool either way: a refused sample would be refused again.
 */
export const ingestReplySchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Samples not stored, and why (older than any history kept: the host's clock is far behind). Absent when none were. */
  refused: z.object({ count: z.number().int().positive(), reason: z.string().min(1).max(MAX_REFUSED_REASON) }).optional(),
  sampleIntervalMs: z.number().int().positive(),
  postIntervalMs: z.number().int().positive(),
  /** Until when the cadence above applies; after it the collector returns to its own settings. */
  untilMs: z.number().int().nonnegative(),
  /** Process patterns alert rules watch on this host; the collector reports a count for each (processes.watched). Absent: keep the last ones. */
  watch: z.array(watchPattern).max(MAX_WATCH_PATTERNS).optional(),
});

export type Cpu = z.infer<typeof cpuSchema>;
export type Memory = z.infer<typeof memorySchema>;
export type Filesystem = z.infer<typeof filesystemSchema>;
export type DiskRates = z.infer<typeof diskRatesSchema>;
export type Disk = z.infer<typeof diskSchema>;
export type NetRates = z.infer<typeof netRatesSchema>;
export type NetInterface = z.infer<typeof netInterfaceSchema>;
export type Temperature = z.infer<typeof temperatureSchema>;
export type ProcessInfo = z.infer<typeof processSchema>;
export type Container = z.infer<typeof containerSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Sample = z.infer<typeof sampleSchema>;
export type SystemInfo = z.infer<typeof systemInfoSchema>;
export type Counters = z.infer<typeof countersSchema>;
export type Batch = z.infer<typeof batchSchema>;
export type IngestReply = z.infer<typeof ingestReplySchema>;

/** One readable line per bad field, e.g. `samples.0.cpu.total: must be a percentage from 0 to 100`. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

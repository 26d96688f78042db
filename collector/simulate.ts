import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Cadence } from './cadence';
import { assertPrivate, UsageError } from './cli';
import type { Logger } from './log';
import { BoundarySchedule } from './sample-schedule';
import { Sender } from './sender';
import { isOnline, makeSimHosts, simSample, simSystem, type SimHost } from './simulate-patterns';
import { Spool } from './spool';
import { WatchList } from './watch-list';
import { MAX_BATCH_SAMPLES } from './wire';

export interface SimulationOptions {
  count: number;
  tokensFile: string;
  url: URL;
  intervalMs: number;
  postIntervalMs: number;
  spoolDir: string;
  spoolMaxBytes: number;
  backfillHours: number;
  log: Logger;
}

/** One token per line (blank lines and # comments ignored); the file must be private like the config file. */
export function readTokens(file: string, needed: number): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--tokens-file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  assertPrivate(file, '--tokens-file');
  const tokens = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (tokens.length < needed) {
    throw new UsageError(`--tokens-file: ${file} has ${tokens.length} token(s) but --simulate ${needed} needs one per host`);
  }
  return tokens.slice(0, needed);
}

interface SimRunner {
  host: SimHost;
  spool: Spool;
  sender: Sender;
  cadence: Cadence;
  /** The process patterns this host's server asks about, kept in its spool directory like a real collector's. */
  watch: WatchList;
  schedule: BoundarySchedule | null;
  lastTs: number;
  online: boolean;
  log: Logger;
}

const pause = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * N synthetic hosts, each with its own token, spool and sender: the same
 * machinery as a real collector, so the server cannot tell them apart.
 */
export async function runSimulation(o: SimulationOptions): Promise<{ stop: () => Promise<void>; backfilled: Promise<void> }> {
  const tokens = readTokens(o.tokensFile, o.count);
  const hosts = makeSimHosts(o.count);
  let stopping = false;
  const runners: SimRunner[] = hosts.map((host, i) => {
    const log = o.log.child({ host: host.hostname });
    const spool = Spool.open(path.join(o.spoolDir, `sim-${host.index + 1}`), { maxBytes: o.spoolMaxBytes, log, sync: false });
    const cadence = new Cadence({ sampleMs: o.intervalMs, postMs: o.postIntervalMs });
    let sent = false;
    const watch = WatchList.open(spool.dir, log);
    const r: SimRunner = {
      host,
      spool,
      cadence,
      watch,
      log,
      schedule: null,
      lastTs: 0,
      online: true,
      sender: new Sender({
        url: o.url,
        token: tokens[i]!,
        spool,
        cadence,
        log,
        pendingSystem: () => (sent ? null : simSystem(host, Date.now())),
        onSystemSent: () => {
          sent = true;
        },
        onWatch: (patterns) => {
          if (watch.update(patterns)) log.info('watched process patterns changed', { patterns: watch.patterns.length });
        },
      }),
    };
    return r;
  });

  const append = (r: SimRunner, ts: number, intervalMs: number) => {
    const t = ts <= r.lastTs ? r.lastTs + 1 : ts;
    r.lastTs = t;
    r.spool.append(JSON.stringify(simSample(r.host, t, intervalMs, r.watch.patterns)));
  };

  const live = (r: SimRunner) => {
    const tick = async () => {
      if (stopping) return;
      const now = Date.now();
      const online = isOnline(r.host, now);
      if (online !== r.online) {
        r.online = online;
        r.log.info(online ? 'simulated host back online' : 'simulated host going offline');
        if (online) r.sender.start(0);
        else r.sender.stop();
      }
      if (online) append(r, now, r.cadence.sampleMs);
    };
    // On the wall clock's boundaries, as the real agent samples.
    r.schedule = new BoundarySchedule(tick, () => r.cadence.sampleMs);
    void tick();
    r.schedule.start();
  };

  const backfill = async (r: SimRunner) => {
    const step = o.intervalMs;
    let ts = Math.ceil((Date.now() - o.backfillHours * 3_600_000) / step) * step;
    let n = 0;
    while (!stopping && ts < Date.now()) {
      if (isOnline(r.host, ts)) {
        append(r, ts, step);
        n++;
      }
      ts += step;
      if (n % MAX_BATCH_SAMPLES === 0) {
        // Let the sender drain rather than letting the spool bound drop history.
        while (!stopping && r.spool.diskBytes > o.spoolMaxBytes * 0.6) await sleep(100);
        await pause();
      }
    }
    r.log.info('backfill generated', { samples: n, hours: o.backfillHours });
    // History first: live sampling (and a flapping host going offline) starts once it is delivered,
    // or after a minute if the server is not taking it, leaving the rest to the spool.
    const deadline = Date.now() + 60_000;
    while (!stopping && r.spool.pendingCount > 0 && Date.now() < deadline) await sleep(200);
  };

  for (const r of runners) r.sender.start(0);
  const backfilled = (async () => {
    if (o.backfillHours > 0) await Promise.all(runners.map(backfill));
    if (!stopping) runners.forEach(live);
  })();
  o.log.info('simulation started', { hosts: o.count, url: o.url.origin, intervalMs: o.intervalMs, backfillHours: o.backfillHours });

  return {
    backfilled,
    stop: async () => {
      stopping = true;
      for (const r of runners) r.schedule?.stop();
      await backfilled.catch(() => {});
      await Promise.all(runners.map((r) => (r.online ? r.sender.flush(5000) : r.sender.stop())));
      for (const r of runners) r.spool.close();
      o.log.info('simulation stopped', { unsent: runners.reduce((a, r) => a + r.spool.pendingCount, 0) });
    },
  };
}

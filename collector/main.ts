import './v8-flags';
import { redact, createLogger } from './log';
import { checkUrl, helpText, parseOptions, UsageError, type Options } from './cli';
import { makeSampler, runAgent } from './agent';
import { runSimulation } from './simulate';
import { COLLECTOR_VERSION } from './version';
import { SpoolLockedError } from './spool';
import { destroyAgents } from './http-post';

/** `--once`: one complete sample over a one-second window. */
async function once(opts: Options): Promise<void> {
  const log = createLogger(opts.logLevel);
  const sampler = await makeSampler(process.platform === 'linux', { netIncludeVirtual: opts.netIncludeVirtual, containerSocket: opts.containerSocket, systemdBus: opts.systemdBus, log, intervalMs: 1000, gpuTool: opts.gpuTool, smart: false });
  await sampler.settle?.(5000);
  await sampler.prime();
  await new Promise((r) => setTimeout(r, 1000));
  const sample = await sampler.sample();
  sampler.close?.();
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function fail(message: string): never {
  process.stderr.write(`hostwatch-collector: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) fail(err.message);
    throw err;
  }
  if (opts.help) return void process.stdout.write(helpText());
  if (opts.version) return void process.stdout.write(`${COLLECTOR_VERSION}\n`);
  if (opts.once) return once(opts);

  redact(opts.token);
  const log = createLogger(opts.logLevel);
  if (process.argv.some((a) => a === '--token' || a.startsWith('--token='))) {
    log.warn('the token was given as --token, which every local user can read in ps; use HOSTWATCH_TOKEN or "token" in a mode 0600 config file');
  }
  if (!opts.url) fail('--url: required (or set HOSTWATCH_URL, or "url" in the config file)');
  let url: URL;
  try {
    url = checkUrl(opts.url, opts.allowInsecureHttp);
  } catch (err) {
    fail((err as Error).message);
  }
  const common = {
    url,
    intervalMs: Math.round(opts.interval * 1000),
    postIntervalMs: Math.round(opts.postInterval * 1000),
    spoolDir: opts.spoolDir,
    spoolMaxBytes: Math.round(opts.spoolMaxMb * 1024 * 1024),
    log,
  };
  let running: { stop: () => Promise<void> };
  try {
    if (opts.simulate !== undefined) {
      if (!opts.tokensFile) fail('--tokens-file: required with --simulate (one ingest token per simulated host, mode 0600)');
      running = await runSimulation({ ...common, count: opts.simulate, tokensFile: opts.tokensFile, backfillHours: opts.backfill ?? 0 });
    } else {
      if (!opts.token) fail('--token: required (or set HOSTWATCH_TOKEN, or "token" in the config file)');
      running = await runAgent({ ...common, token: opts.token, netIncludeVirtual: opts.netIncludeVirtual, containerSocket: opts.containerSocket, systemdBus: opts.systemdBus, gpuTool: opts.gpuTool, smart: opts.smart });
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof SpoolLockedError) fail(err.message);
    throw err;
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    // The last send is bounded to 5 s inside stop(); this is the backstop.
    setTimeout(() => process.exit(0), 7000).unref();
    void running
      .stop()
      .catch((err: unknown) => log.error('error while stopping', { error: err }))
      .finally(() => {
        destroyAgents();
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`hostwatch-collector: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killChild, waitUntilReady } from './child-server';
import { freePort } from './redis-server';

/**
 * A real Prometheus (Debian's `prometheus` package; scripts/install-test-deps.sh
 * installs it) on a free loopback port, its config generated and its TSDB in
 * a temporary directory: optionally scraping a target every second with a
 * bearer token, optionally receiving remote write. The test queries its HTTP
 * API, polling until an answer appears.
 */
export const prometheusBinary = process.env.HOSTWATCH_PROMETHEUS ?? 'prometheus';

export interface ScrapeTarget {
  /** `http://127.0.0.1:<port>` */
  url: string;
  metricsPath: string;
  bearer: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusServer {
  url: string;
  /** The remote-write receiver's URL (when started with it). */
  writeUrl: string;
  output(): string;
  /** An instant query (at `timeMs`, else now); the vector's samples. */
  query(promql: string, timeMs?: number): Promise<PromSample[]>;
  /** Polls `query` (at `timeMs`) until `done` holds of its answer; throws with the last answer and the log after `timeoutMs`. */
  waitFor(promql: string, done: (samples: PromSample[]) => boolean, opts?: { timeMs?: number; timeoutMs?: number }): Promise<PromSample[]>;
  stop(): Promise<void>;
}

function configYaml(target: ScrapeTarget | undefined): string {
  const lines = ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', '  evaluation_interval: 1s'];
  if (target) {
    const host = new URL(target.url).host;
    lines.push(
      'scrape_configs:',
      '  - job_name: hostwatch',
      `    metrics_path: ${JSON.stringify(target.metricsPath)}`,
      '    authorization:',
      '      type: Bearer',
      `      credentials: ${JSON.stringify(target.bearer)}`,
      '    static_configs:',
      `      - targets: [${JSON.stringify(host)}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function startPrometheus(opts: { scrape?: ScrapeTarget; remoteWriteReceiver?: boolean } = {}): Promise<PrometheusServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  writeFileSync(configFile, configYaml(opts.scrape));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...(opts.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
  ];
  let log = '';
  const child = spawn(prometheusBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (err) => resolve(err));
  });
  if (spawned) throw new Error(`${prometheusBinary} could not start (apt-get install prometheus, or run scripts/install-test-deps.sh): ${spawned.message}`);
  const ready = async () => {
    try {
      const res = await fetch(`${url}/-/ready`);
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  };
  try {
    await waitUntilReady(child, {
      ready,
      intervalMs: 100,
      timeoutMs: 30_000,
      exited: (code) => new Error(`prometheus exited with code ${code}:\n${log}`),
      timedOut: () => new Error(`prometheus was not ready within 30 s:\n${log}`),
    });
  } catch (err) {
    await killChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const query = async (promql: string, timeMs?: number): Promise<PromSample[]> => {
    const at = timeMs === undefined ? '' : `&time=${timeMs / 1000}`;
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}${at}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: PromSample[] } };
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error}`);
    return body.data!.result;
  };
  return {
    url,
    writeUrl: `${url}/api/v1/write`,
    output: () => log,
    query,
    async waitFor(promql, done, { timeMs, timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let last: PromSample[] = [];
      for (;;) {
        last = await query(promql, timeMs);
        if (done(last)) return last;
        if (Date.now() > deadline) throw new Error(`${promql} did not hold within ${timeoutMs} ms; last answer ${JSON.stringify(last)}\n${log}`);
        // Polling, not waiting for time to pass: the next scrape or write lands when it lands.
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      await killChild(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

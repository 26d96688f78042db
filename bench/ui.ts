/**
 * bench:ui — the dashboard in Chromium against `next start` on the embedded
 * store, with 30 days of history for one host and a fleet of 1,000 hosts:
 * Largest Contentful Paint of the fleet page and of a host page on 30 days,
 * the time from a range click to the new charts drawn, and the first-load
 * JavaScript of the host page (gzipped). Last line: RESULT {json}.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createStore } from '@/lib/store';
import { DEFAULT_RETENTION } from '@/lib/metrics/tiers';
import { chromiumPath } from '../playwright.config';
import { startNextServer } from '../tests/support/next-server';
import { requireBuild } from './support/servers';
import { seedFleet, seedHistoryHost } from './ui-seed';

const FLEET_HOSTS = Number(process.env.BENCH_UI_HOSTS ?? 1000);
const HISTORY_DAYS = 30;
const RUNS = 3;
const admin = { email: 'bench@example.test', password: 'bench-admin-password-1' };
const TARGETS = { lcpMs: 1500, rangeSwitchMs: 300, firstLoadJsKb: 300 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function signIn(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.close();
  return context;
}

/** LCP of a fresh load: the last candidate the browser reported once the page settled. */
async function lcp(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(ready, { state: 'attached', timeout: 30_000 });
  await page.waitForTimeout(500);
  return page.evaluate(`new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve(entries[entries.length - 1].startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  })`) as Promise<number>;
}

/**
 * In-page code as a string: tsx keeps function names with a helper that does
 * not exist in the browser, so a passed function would fail there.
 */
const RANGE_SWITCH_SCRIPT = `({ label, span }) => new Promise((resolve, reject) => {
  const button = [...document.querySelectorAll('[aria-label="Time range"] button')].find((b) => b.textContent.trim() === label);
  if (!button) return reject(new Error('no range button ' + label));
  const t0 = performance.now();
  button.click();
  const check = () => {
    const charts = document.querySelector('[data-testid="charts"]');
    if (charts && charts.dataset.span === span && charts.getAttribute('aria-busy') === 'false' && charts.querySelector('path.recharts-curve')) {
      // the frame after the DOM update is the one on screen
      requestAnimationFrame(() => resolve(performance.now() - t0));
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

/** Click a range button and wait in the page until the charts show the new span, drawn. */
async function rangeSwitch(page: Page, label: string, spanMs: number): Promise<number> {
  return page.evaluate(`(${RANGE_SWITCH_SCRIPT})(${JSON.stringify({ label, span: String(spanMs) })})`) as Promise<number>;
}

/** Every script a fresh load of the page fetches, gzipped as a server would send it. */
async function firstLoadJs(context: BrowserContext, url: string): Promise<{ kb: number; files: number }> {
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') bodies.push(res.body());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const all = await Promise.all(bodies);
  await page.close();
  return { kb: round(all.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) / 1024), files: all.length };
}

async function main() {
  requireBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hostwatch-bench-ui-'));
  const store = createStore({ kind: 'sqlite', file: path.join(dataDir, 'hostwatch.db') }, DEFAULT_RETENTION);
  const now = Date.now();
  const t0 = Date.now();
  const history = await seedHistoryHost(store, now, HISTORY_DAYS);
  await seedFleet(store, now, FLEET_HOSTS - 1);
  await store.close();
  console.log(`seeded ${FLEET_HOSTS} hosts and ${history.samples} samples of ${HISTORY_DAYS}-day history in ${Date.now() - t0} ms`);

  const server = await startNextServer({ HOSTWATCH_DATA_DIR: dataDir, HOSTWATCH_STORE: 'sqlite', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const context = await signIn(browser, server.url);
    const hostUrl = `${server.url}/hosts/${history.host.id}?range=30d`;
    const page = await context.newPage();
    // one warm-up of each page: the first request of a fresh server compiles nothing, but fills OS caches
    await lcp(page, `${server.url}/`, 'tr[data-host-id]');
    await lcp(page, hostUrl, '[data-chart="cpu"] path.recharts-curve');

    const fleetLcp: number[] = [];
    const hostLcp: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      fleetLcp.push(await lcp(page, `${server.url}/`, 'tr[data-host-id]'));
      hostLcp.push(await lcp(page, hostUrl, '[data-chart="cpu"] path.recharts-curve'));
    }
    console.log(`LCP fleet ${fleetLcp.map(round).join(', ')} ms; host 30 d ${hostLcp.map(round).join(', ')} ms`);

    const H = 3_600_000;
    const switches: [string, number][] = [
      ['7 d', 168 * H],
      ['24 h', 24 * H],
      ['6 h', 6 * H],
      ['1 h', H],
      ['30 d', 720 * H],
      ['7 d', 168 * H],
      ['24 h', 24 * H],
    ];
    const switchMs: number[] = [];
    for (const [label, span] of switches) switchMs.push(await rangeSwitch(page, label, span));
    console.log(`range switch ${switchMs.map(round).join(', ')} ms`);

    const series = await (await context.request.get(`${server.url}/api/v1/hosts/${history.host.id}/series?range=30d&points=2000`)).json();
    const js = await firstLoadJs(context, hostUrl);
    console.log(`host page first-load JS: ${js.kb} KB gzipped in ${js.files} files`);

    const result = {
      hosts: FLEET_HOSTS,
      historyDays: HISTORY_DAYS,
      lcpFleetMs: round(median(fleetLcp)),
      lcpHost30dMs: round(median(hostLcp)),
      rangeSwitchMs: { median: round(median(switchMs)), max: round(Math.max(...switchMs)) },
      hostFirstLoadJsGzipKb: js.kb,
      maxPointsPerSeries: series.t.length,
      targets: TARGETS,
      pass:
        median(fleetLcp) <= TARGETS.lcpMs &&
        median(hostLcp) <= TARGETS.lcpMs &&
        median(switchMs) <= TARGETS.rangeSwitchMs &&
        js.kb <= TARGETS.firstLoadJsKb &&
        series.t.length <= 2000,
    };
    await context.close();
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(`bench:ui failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

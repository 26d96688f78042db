import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertTick } from '@/lib/alerting/tick';
import type { Store } from '@/lib/store/types';
import { createTestHost, openSqliteStoreAt, type TestHost } from '../../support/hosts';
import { startNextServer, type NextServer } from '../../support/next-server';
import { buildBundle, runCollector, type Collector } from '../collector/sink';
import { addRule, addWebhook, deliver, MIN, SEC } from './kit';
import { startWebhook, type WebhookReceiver } from './receivers';

/**
 * Alerting on the real server: `next start` on SQLite (notifications may
 * reach loopback, the in-process scheduler off so the test drives the
 * clock), the real collector bundle posting real samples of this machine, a
 * webhook receiver that checks signatures. Rules and channels are written
 * with a store opened on the server's own SQLite file. A batch that fires
 * reaches the receiver through the ingest route's after() kick; what needs
 * time to pass (host down) is driven from here with an injected `now`.
 */

let server: NextServer;
let store: Store;
let spoolRoot: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  buildBundle();
  server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', HOSTWATCH_ALERTS_ALLOW_PRIVATE: '127.0.0.0/8', HOSTWATCH_ALERT_SCHEDULER: 'off' });
  store = await openSqliteStoreAt(server.dataDir);
  spoolRoot = mkdtempSync(path.join(os.tmpdir(), 'hw-alerts-spool-'));
});
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGKILL');
      await new Promise((r) => p.once('exit', r));
    }
  }
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
  rmSync(spoolRoot, { recursive: true, force: true });
});

function collect(h: TestHost, spoolDir: string): Collector {
  const c = runCollector(['--interval', '1', '--post-interval', '1', '--spool-dir', spoolDir], { HOSTWATCH_URL: server.url, HOSTWATCH_TOKEN: h.token });
  running.push(c.process);
  return c;
}

async function stop(c: Collector) {
  c.process.kill('SIGTERM');
  expect(await c.exited).toBe(0);
}

/** Polls until `done` holds: for what the server and the collector do on their own, never for time to pass. */
async function eventually(what: string, done: () => boolean | Promise<boolean>, output?: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}\n${output?.() ?? ''}\n--- server ---\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const kindsFor = (hook: WebhookReceiver, ruleId: string) => hook.hooks().filter((x) => x.event.ruleId === ruleId).map((x) => x.kind);

describe('alerting on next start with the real collector', () => {
  it('a metric rule fires on the first batches and reaches the receiver; host down fires on the tick and resolves when the collector is back', async () => {
    const hook = await startWebhook();
    const h = await createTestHost(store, { name: 'real-1' });
    const channel = await addWebhook(store, hook.url);
    const scope = { kind: 'host', hostId: h.host.id } as const;
    const mem = await addRule(store, { name: 'Memory in use', condition: { kind: 'metric', signal: 'mem.used', op: 'above', threshold: 1 }, scope }, [channel.id]);
    const down = await addRule(store, { name: 'Host down', condition: { kind: 'host_down', afterMs: MIN }, scope }, [channel.id]);
    const spool = path.join(spoolRoot, 'real-1');

    const first = collect(h, spool);
    await eventually('the firing notification from the ingest route', () => kindsFor(hook, mem.id).length > 0, first.output);
    const fired = hook.hooks().find((x) => x.event.ruleId === mem.id)!;
    expect(fired.signature.ok).toBe(true);
    expect(fired.notice.title).toMatch(/^\[FIRING\] real-1: Memory used .* \(above 1 B\)$/);
    await stop(first);

    // The collector is gone; the test's tick sees it silent for longer than afterMs.
    const lastSeen = (await store.getHostState(h.host.id))!.lastSeen;
    const later = Date.now() + MIN + 5 * SEC;
    expect((await alertTick(store, later)).transitions).toBe(1);
    expect(await deliver(store, later)).toMatchObject({ sent: 1 });
    expect(kindsFor(hook, down.id)).toEqual(['alert.firing']);

    const again = collect(h, spool);
    await eventually('a batch after the restart', async () => (await store.getHostState(h.host.id))!.lastSeen > lastSeen, again.output);
    // The server's judgement of the batch resolves it when its cached view of the host is read again (here, after the
    // jump of the test's clock, only if the samples do not follow on); the tick resolves a host that is back all the same.
    // Whichever commits first, the other is refused: one resolve, sent once (by the server's kick or by this delivery).
    await alertTick(store, Date.now());
    await deliver(store, Date.now());
    await eventually('the resolve at the receiver', () => kindsFor(hook, down.id).length === 2, again.output);
    expect(kindsFor(hook, down.id)).toEqual(['alert.firing', 'alert.resolved']);
    expect((await store.alerts.listEvents({ ruleId: down.id, limit: 10 })).map((e) => e.kind).sort()).toEqual(['firing', 'resolved']);
    await stop(again);
    // Each notification once; memory is still in use, so nothing more of that rule.
    expect(kindsFor(hook, mem.id)).toEqual(['alert.firing']);
    expect(new Set(hook.hooks().map((x) => x.deliveryId)).size).toBe(hook.hooks().length);
    expect(hook.hooks().every((x) => x.signature.ok)).toBe(true);
  });

  it('process not running: the reply names the pattern, the collector counts it, and killing the process fires', async () => {
    const hook = await startWebhook();
    const h = await createTestHost(store, { name: 'real-2' });
    const channel = await addWebhook(store, hook.url);
    const marker = `hw-engine-target-${randomBytes(6).toString('hex')}`;
    const target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
    running.push(target);
    const rule = await addRule(store, { name: 'Target gone', condition: { kind: 'process_missing', pattern: marker }, scope: { kind: 'host', hostId: h.host.id } }, [channel.id]);

    const c = collect(h, path.join(spoolRoot, 'real-2'));
    const watched = async () => (await store.getHostState(h.host.id))?.latest.processes.watched?.find((w) => w.pattern === marker)?.count;
    await eventually('the collector counting the watched process', async () => (await watched()) === 1, c.output);
    expect(kindsFor(hook, rule.id)).toEqual([]);
    target.kill('SIGKILL');
    await eventually('the firing notification after the kill', () => kindsFor(hook, rule.id).length > 0, c.output);
    expect(await watched()).toBe(0);
    const fired = hook.hooks().find((x) => x.event.ruleId === rule.id)!;
    expect(fired.kind).toBe('alert.firing');
    expect(fired.signature.ok).toBe(true);
    expect(fired.notice.title).toContain(marker);
    await stop(c);
    expect(kindsFor(hook, rule.id)).toEqual(['alert.firing']);
  });
});

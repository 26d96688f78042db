import { describe, expect, it } from 'vitest';
import type { Sample } from '@/lib/wire/contract';
import { postIngest } from '../../support/http';
import { startNextServer } from '../../support/next-server';
import { makeSample } from '../../support/samples';
import { alertsFixture, CRON_SECRET, cpuRule, eventually } from './fixture';

/**
 * Alerts as they happen, over real HTTP against `next start`: a batch over a
 * threshold fires, notifies a real receiver and shows on the alerts view and
 * in the events and the channel's log; acknowledging takes it; a preview
 * replays stored history; the cron route is guarded by its secret.
 */
const SECRET = 'states-suite-webhook-secret-0123456789';
const MINUTE = 60_000;

const withCpu = (ts: number, total: number): Sample => {
  const s = makeSample(ts);
  return { ...s, cpu: { ...s.cpu, total } };
};
const batchOf = (samples: Sample[]) => ({ v: 1, samples, counters: { spooled: 0, dropped: 0 } });

describe('alerts API: states, events, acknowledgements, preview, cron', () => {
  const f = alertsFixture();

  it('a batch over the threshold fires: the receiver is notified, the alert is listed, its event and delivery are recorded', async () => {
    const hook = await f.admin.request('POST', '/api/v1/alerts/channels', { body: { name: 'live', kind: 'webhook', config: { url: `${f.receiver.url}/live`, secret: SECRET } } });
    const rule = (await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule({ channelIds: [hook.json.id], scope: { kind: 'host', hostId: f.web.id } }) })).json;
    f.receiver.reply({ status: 200, body: 'thanks' });
    const before = f.receiver.requests.length;
    expect((await postIngest(f.server.url, batchOf([withCpu(Date.now(), 97)]), { token: f.web.token })).status).toBe(200);

    const log = await eventually(
      async () => (await f.admin.request('GET', `/api/v1/alerts/channels/${hook.json.id}/log`)).json.attempts,
      (a: unknown[]) => a.length > 0,
      'the firing notification was delivered',
    );
    expect(log[0]).toMatchObject({ ok: true, status: 200, eventId: expect.any(String) });
    expect(JSON.stringify(log)).not.toContain(SECRET);
    const sent = f.receiver.requests.slice(before).find((r) => r.path === '/live')!;
    expect(JSON.parse(sent.body).event).toMatchObject({ kind: 'firing', ruleId: rule.id, hostId: f.web.id, value: 97 });

    const alerts = (await f.viewer.request('GET', '/api/v1/alerts')).json.alerts;
    expect(alerts).toEqual([
      expect.objectContaining({ ruleId: rule.id, ruleName: 'CPU high', severity: 'critical', hostId: f.web.id, hostName: 'web-1', entity: '', status: 'firing', value: 97, threshold: 90, unit: 'pct', acknowledgedBy: null, silencedUntil: null, maintenance: false }),
    ]);
    const events = (await f.readToken.request('GET', `/api/v1/alerts/events?ruleId=${rule.id}`)).json.events;
    expect(events).toEqual([expect.objectContaining({ kind: 'firing', ruleName: 'CPU high', hostName: 'web-1', severity: 'critical', value: 97, threshold: 90, suppressed: null })]);
    expect((await f.readToken.request('GET', `/api/v1/alerts/events?hostId=${f.db.id}`)).json.events).toEqual([]);
    expect((await f.readToken.request('GET', '/api/v1/alerts/events?limit=5000')).status).toBe(400);
    expect((await f.readToken.request('GET', '/api/v1/alerts/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);

    // A silence shows on the alert.
    const until = Date.now() + 3_600_000;
    expect((await f.admin.request('POST', '/api/v1/alerts/silences', { body: { ruleId: rule.id, until } })).status).toBe(201);
    expect((await f.viewer.request('GET', '/api/v1/alerts')).json.alerts[0].silencedUntil).toBe(until);

    // Acknowledged: by whom, once, with an event; a read token may not.
    expect((await f.readToken.request('POST', '/api/v1/alerts/acknowledge', { ruleId: rule.id, hostId: f.web.id })).status).toBe(403);
    const ack = await f.admin.request('POST', '/api/v1/alerts/acknowledge', { body: { ruleId: rule.id, hostId: f.web.id } });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ status: 'firing', acknowledgedBy: f.adminId });
    const again = await f.admin.request('POST', '/api/v1/alerts/acknowledge', { body: { ruleId: rule.id, hostId: f.web.id, entity: '' } });
    expect(again.json).toEqual(ack.json);
    expect((await f.viewer.request('GET', '/api/v1/alerts')).json.alerts[0]).toMatchObject({ acknowledgedBy: f.adminId, acknowledgedByName: expect.any(String) });
    const kinds = (await f.viewer.request('GET', `/api/v1/alerts/events?ruleId=${rule.id}`)).json.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['acknowledged', 'firing']);
  });

  it('acknowledging an alert that is not firing is a 409; one that does not exist a 404', async () => {
    const rule = (await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule({ name: 'slow', forMs: 10 * MINUTE, scope: { kind: 'host', hostId: f.db.id } }) })).json;
    expect((await postIngest(f.server.url, batchOf([withCpu(Date.now(), 99)]), { token: f.db.token })).status).toBe(200);
    const pending = (await f.viewer.request('GET', '/api/v1/alerts')).json.alerts.find((a: { ruleId: string }) => a.ruleId === rule.id);
    expect(pending).toMatchObject({ status: 'pending', hostName: 'db-1' });
    const res = await f.admin.request('POST', '/api/v1/alerts/acknowledge', { body: { ruleId: rule.id, hostId: f.db.id } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('not_firing');
    expect((await f.admin.request('POST', '/api/v1/alerts/acknowledge', { body: { ruleId: rule.id, hostId: f.web.id } })).status).toBe(404);
    expect((await f.admin.request('POST', '/api/v1/alerts/acknowledge', { body: { ruleId: 'no-such-rule', hostId: f.db.id } })).status).toBe(404);
    // Firing listed before pending.
    const statuses = (await f.viewer.request('GET', '/api/v1/alerts')).json.alerts.map((a: { status: string }) => a.status);
    expect(statuses).toEqual([...statuses].sort((a, b) => (a === b ? 0 : a === 'firing' ? -1 : 1)));
  });

  it('previews a rule on stored 1-minute history: fired counts and periods per host', async () => {
    const now = Date.now();
    // Minute-aligned, so each sample is its own 1-minute rollup row.
    const start = Math.floor(now / MINUTE) * MINUTE - 3 * 60 * MINUTE;
    // Three hours, a sample a minute: CPU at 95 % for two stretches of ten minutes, 10 % otherwise.
    const hot = (i: number) => (i >= 30 && i < 40) || (i >= 90 && i < 100);
    const samples = Array.from({ length: 180 }, (_, i) => withCpu(start + i * MINUTE, hot(i) ? 95 : 10));
    const host = (await f.admin.request('POST', '/api/v1/hosts', { body: { name: 'history-host', tags: ['hist'] } })).json;
    await f.store.ingest(host.id, { samples, counters: { spooled: 0, dropped: 0 } }, now);

    const rule = cpuRule({ condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 80 }, scope: { kind: 'tag', tag: 'hist' } });
    const res = await f.admin.request('POST', '/api/v1/alerts/rules/preview', { body: { rule, range: '24h' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ range: '24h', fired: 2, hostsInScope: 1 });
    expect(res.json.firingMs).toBe(20 * MINUTE);
    expect(res.json.hostsCut).toBeUndefined();
    const [only] = res.json.hosts;
    expect(only).toMatchObject({ hostId: host.id, hostName: 'history-host', fired: 2 });
    expect(only.periods).toEqual([
      { from: start + 30 * MINUTE, to: start + 40 * MINUTE, entity: '', peak: 95 },
      { from: start + 90 * MINUTE, to: start + 100 * MINUTE, entity: '', peak: 95 },
    ]);

    // Held for 15 minutes, neither stretch would have fired.
    const held = await f.admin.request('POST', '/api/v1/alerts/rules/preview', { body: { rule: { ...rule, forMs: 15 * MINUTE }, range: '7d' } });
    expect(held.json).toMatchObject({ range: '7d', fired: 0 });
    const missing = await f.admin.request('POST', '/api/v1/alerts/rules/preview', { body: { rule: cpuRule({ condition: { kind: 'process_missing', pattern: 'nginx' } }) } });
    expect(missing.json).toMatchObject({ hosts: [], fired: 0, unavailable: expect.stringContaining('process') });
    const bad = await f.admin.request('POST', '/api/v1/alerts/rules/preview', { body: { rule: cpuRule({ condition: { kind: 'metric', signal: 'nope', op: 'above', threshold: 1 } }), range: '1y' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual(['range']);
  });

  it('the cron route needs its secret and runs a round each time', async () => {
    const wrong = await fetch(`${f.server.url}/api/v1/alerts/cron`, { headers: { authorization: 'Bearer not-the-secret-at-all' } });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${f.server.url}/api/v1/alerts/cron`)).status).toBe(401);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${f.server.url}/api/v1/alerts/cron`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ leader: expect.any(Boolean), delivered: { sent: expect.any(Number), retried: 0, failed: 0 } });
    }
  });

  it('without CRON_SECRET the cron route is off: 403', async () => {
    const server = await startNextServer({ HOSTWATCH_STORE: 'sqlite', HOSTWATCH_ALERT_SCHEDULER: 'off' });
    try {
      const res = await fetch(`${server.url}/api/v1/alerts/cron`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('cron_disabled');
    } finally {
      await server.stop();
    }
  });
});

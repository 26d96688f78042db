import { describe, expect, it } from 'vitest';
import type { AlertState } from '@/lib/alerts/schemas';
import { verifyWebhookSignature } from '@/lib/notify';
import { closedPort } from '../notify/receiver';
import { alertsFixture, cpuRule } from './fixture';

/**
 * Managing alerting over real HTTP against `next start`: channels (secrets
 * never shown, kept across edits, tested against real receivers), rules
 * (checked with messages naming the field; a changed condition clears its
 * states), maintenance windows and silences, and who may do what.
 */
const SECRET = 'whsec-never-shown-0123456789-abcdef';
const DISCORD_TOKEN = 'discord-token-never-shown-ABCDEFGHIJKLMNOP';

describe('alerts API: configuration', () => {
  const f = alertsFixture();
  const hookUrl = () => `${f.receiver.url}/hook/private-path-segment`;
  /** The receiver accepts only requests signed with SECRET, as a webhook receiver would. */
  const verifyingReceiver = () =>
    f.receiver.reply((req) => {
      const check = verifyWebhookSignature({ secret: SECRET, header: String(req.headers['x-hostwatch-signature'] ?? ''), body: req.body, now: Date.now() });
      return check.ok ? { status: 200, body: 'signed ok' } : { status: 401, body: `bad signature: ${check.reason}` };
    });

  async function makeWebhook(name = 'ops webhook') {
    const res = await f.admin.request('POST', '/api/v1/alerts/channels', { body: { name, kind: 'webhook', config: { url: hookUrl(), secret: SECRET } } });
    expect(res.status).toBe(201);
    return res.json;
  }

  it('creates channels from a kind and config or a Shoutrrr URL, and never shows a secret', async () => {
    const hook = await makeWebhook();
    expect(hook).toMatchObject({ name: 'ops webhook', kind: 'webhook', id: expect.any(String) });
    expect(hook.config.url).toMatch(/^••••/);
    expect(hook.config.secret).toMatch(/^••••/);
    const discord = await f.admin.request('POST', '/api/v1/alerts/channels', { body: { name: 'discord', url: `discord://${DISCORD_TOKEN}@123456789012345678` } });
    expect(discord.status).toBe(201);
    expect(discord.json.kind).toBe('discord');

    const answers = [hook, discord.json];
    answers.push((await f.admin.request('GET', '/api/v1/alerts/channels')).json);
    answers.push((await f.admin.request('GET', `/api/v1/alerts/channels/${hook.id}`)).json);
    answers.push((await f.admin.request('PATCH', `/api/v1/alerts/channels/${discord.json.id}`, { body: { name: 'discord renamed' } })).json);
    const text = JSON.stringify(answers);
    for (const secret of [SECRET, DISCORD_TOKEN, 'private-path-segment']) expect(text).not.toContain(secret);
    expect(answers[2].channels.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([hook.id, discord.json.id]));
    // The store has them as given: masking is the API's, not a loss.
    expect((await f.store.alerts.getChannel(discord.json.id))?.config.webhookUrl).toBe(`https://discord.com/api/webhooks/123456789012345678/${DISCORD_TOKEN}`);
  });

  it('refuses bad channels with 400s naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', url: 'discord://only-a-token' }, 'url'],
      [{ name: 'x', url: 'nosuchscheme://a/b' }, 'url'],
      [{ name: 'x', kind: 'pager', config: {} }, 'kind'],
      [{ name: 'x', kind: 'webhook', config: { url: 'ftp://example.com/hook' } }, 'config.url'],
      [{ name: 'x', kind: 'webhook', config: { url: 'https://example.com/hook', secret: 'short' } }, 'config.secret'],
      [{ name: 'x', kind: 'slack' }, 'config'],
      [{ name: '', url: 'ntfy://ntfy.sh/topic' }, 'name'],
      [{ name: 'x' }, 'kind'],
    ];
    for (const [body, path] of cases) {
      const res = await f.admin.request('POST', '/api/v1/alerts/channels', { body });
      expect({ body, status: res.status, paths: res.json.error.details.map((d: { path: string }) => d.path) }).toEqual({ body, status: 400, paths: expect.arrayContaining([path]) });
    }
    const bad = await f.admin.request('POST', '/api/v1/alerts/channels', { body: { name: 'x', url: `discord://${DISCORD_TOKEN}@not-digits` } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).not.toContain(DISCORD_TOKEN);
  });

  it('keeps a secret sent back masked; Send test reports what the receiver said', async () => {
    verifyingReceiver();
    const hook = await makeWebhook('kept secret');
    const edited = await f.admin.request('PATCH', `/api/v1/alerts/channels/${hook.id}`, { body: { name: 'kept secret 2', config: hook.config } });
    expect(edited.status).toBe(200);
    expect(edited.json.name).toBe('kept secret 2');
    expect((await f.store.alerts.getChannel(hook.id))?.config).toEqual({ url: hookUrl(), secret: SECRET });
    const test = await f.admin.request('POST', `/api/v1/alerts/channels/${hook.id}/test`);
    expect(test.status).toBe(200);
    expect(test.json).toEqual({ ok: true, status: 200, detail: expect.stringContaining('200') });
    const sent = f.receiver.requests.at(-1)!;
    expect(JSON.parse(sent.body).notice.title).toContain('TEST');

    // Left out entirely: kept too. A new secret replaces it, and the receiver now refuses the signature.
    expect((await f.admin.request('PATCH', `/api/v1/alerts/channels/${hook.id}`, { body: { config: { url: hook.config.url } } })).status).toBe(200);
    expect((await f.store.alerts.getChannel(hook.id))?.config.secret).toBe(SECRET);
    const replaced = await f.admin.request('PATCH', `/api/v1/alerts/channels/${hook.id}`, { body: { config: { url: hook.config.url, secret: 'another-secret-0123456789' } } });
    expect(JSON.stringify(replaced.json)).not.toContain('another-secret-0123456789');
    const refused = await f.admin.request('POST', `/api/v1/alerts/channels/${hook.id}/test`);
    expect(refused.json).toMatchObject({ ok: false, status: 401 });
    expect(refused.json.detail).toContain('401');

    const badPatch = await f.admin.request('PATCH', `/api/v1/alerts/channels/${hook.id}`, { body: { config: { url: 'not a url' } } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.json.error.details[0].path).toBe('config.url');
    expect((await f.admin.request('PATCH', '/api/v1/alerts/channels/no-such-channel', { body: { name: 'n' } })).status).toBe(404);
  });

  it('tests unsaved channels, with a saved one standing in for masked secrets', async () => {
    verifyingReceiver();
    const hook = await makeWebhook('stand-in');
    const masked = await f.admin.request('POST', '/api/v1/alerts/channels/test', { body: { kind: 'webhook', config: hook.config, id: hook.id } });
    expect(masked.json).toMatchObject({ ok: true, status: 200 });
    const unsigned = await f.admin.request('POST', '/api/v1/alerts/channels/test', { body: { kind: 'webhook', config: { url: hookUrl() } } });
    expect(unsigned.json).toMatchObject({ ok: false, status: 401 });
    f.receiver.reply({ status: 503, body: 'down for maintenance' });
    const down = await f.admin.request('POST', '/api/v1/alerts/channels/test', { body: { url: `generic+${hookUrl()}` } });
    expect(down.json).toMatchObject({ ok: false, status: 503 });

    const port = await closedPort();
    const mail = await f.admin.request('POST', '/api/v1/alerts/channels/test', {
      body: { kind: 'email', config: { host: '127.0.0.1', port, security: 'none', from: 'hostwatch@example.test', to: 'ops@example.test' } },
    });
    expect(mail.status).toBe(200);
    expect(mail.json.ok).toBe(false);
    expect(mail.json.status).toBeNull();
    expect(mail.json.detail).toMatch(/refused|could not connect/i);
    const bad = await f.admin.request('POST', '/api/v1/alerts/channels/test', { body: { url: 'smtp://' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe('url');
  });

  it('lists the channel kinds with their secret fields, and signals with their ranges', async () => {
    const kinds = (await f.admin.request('GET', '/api/v1/alerts/channel-kinds')).json.kinds;
    const webhook = kinds.find((k: { kind: string }) => k.kind === 'webhook');
    expect(webhook.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'url', label: 'URL', secret: true, required: true, type: 'string' }),
        expect.objectContaining({ name: 'secret', secret: true, required: false }),
      ]),
    );
    const email = kinds.find((k: { kind: string }) => k.kind === 'email');
    expect(email.fields).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'security', type: 'enum', options: ['tls', 'starttls', 'none'], default: 'starttls' })]));
    const signals = (await f.viewer.request('GET', '/api/v1/alerts/signals')).json.signals;
    expect(signals).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'cpu.total', unit: 'pct', min: 0, max: 100 })]));
    expect(signals.find((s: { name: string }) => s.name === 'fs')).toMatchObject({ family: 'filesystems' });
  });

  it('creates, reads, replaces and deletes rules', async () => {
    const hook = await makeWebhook('rule channel');
    const created = await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule({ channelIds: [hook.id], scope: { kind: 'tag', tag: 'prod' } }) });
    expect(created.status).toBe(201);
    const rule = created.json;
    expect(rule).toMatchObject({ name: 'CPU high', enabled: true, forMs: 0, severity: 'critical', channelIds: [hook.id], repeatMs: null });
    expect(rule.condition).toMatchObject({ aggregate: 'avg', windowMs: 0 });
    expect((await f.viewer.request('GET', '/api/v1/alerts/rules')).json.rules.map((r: { id: string }) => r.id)).toContain(rule.id);
    expect((await f.viewer.request('GET', `/api/v1/alerts/rules/${rule.id}`)).json).toEqual(rule);

    const replaced = await f.admin.request('PUT', `/api/v1/alerts/rules/${rule.id}`, { body: cpuRule({ name: 'CPU very high', forMs: 300_000 }) });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id: rule.id, name: 'CPU very high', forMs: 300_000, channelIds: [], createdAt: rule.createdAt });
    expect(replaced.json.updatedAt).toBeGreaterThanOrEqual(rule.updatedAt);

    // A channel deleted later leaves the rules that named it.
    const second = await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule({ channelIds: [hook.id] }) });
    expect((await f.admin.request('DELETE', `/api/v1/alerts/channels/${hook.id}`)).status).toBe(204);
    expect((await f.store.alerts.getRule(second.json.id))?.channelIds).toEqual([]);

    expect((await f.admin.request('DELETE', `/api/v1/alerts/rules/${rule.id}`)).status).toBe(204);
    expect((await f.admin.request('GET', `/api/v1/alerts/rules/${rule.id}`)).status).toBe(404);
    expect((await f.admin.request('DELETE', `/api/v1/alerts/rules/${rule.id}`)).status).toBe(404);
    expect((await f.admin.request('PUT', `/api/v1/alerts/rules/${rule.id}`, { body: cpuRule() })).status).toBe(404);
  });

  it('refuses bad rules with 400s naming the field', async () => {
    const metric = (c: Record<string, unknown>) => ({ kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 90, ...c });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [cpuRule({ condition: metric({ signal: 'cpu.totl' }) }), 'condition.signal', /unknown signal "cpu.totl".*cpu.total/],
      [cpuRule({ forMs: -60_000 }), 'forMs', /negative/],
      [cpuRule({ condition: metric({ threshold: 150 }) }), 'condition.threshold', /range/],
      [cpuRule({ channelIds: ['no-such-channel'] }), 'channelIds.0', /unknown channel/],
      [cpuRule({ scope: { kind: 'host', hostId: 'no-such-host' } }), 'scope.hostId', /unknown host/],
      [cpuRule({ name: '' }), 'name', /./],
    ];
    for (const [body, path, message] of cases) {
      const res = await f.admin.request('POST', '/api/v1/alerts/rules', { body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_rule');
      const detail = res.json.error.details.find((d: { path: string }) => d.path === path);
      expect({ path, detail }).toEqual({ path, detail: { path, message: expect.stringMatching(message) } });
    }
    expect((await f.admin.request('POST', '/api/v1/alerts/rules', { body: 'not an object' })).status).toBe(400);
  });

  it('a changed condition or scope clears the rule\'s states; a rename keeps them; delete takes them', async () => {
    const rule = (await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule() })).json;
    const state = (hostId: string): AlertState => ({
      ruleId: rule.id, hostId, entity: '', status: 'firing', since: 1, evaluatedAt: 1, value: 95, window: [], notifiedAt: null, acknowledgedBy: null, seq: 1, version: 0,
    });
    const put = async (s: AlertState) =>
      expect(await f.store.alerts.commit({ states: [{ key: s, expectedVersion: null, state: s }], events: [], deliveries: [], now: Date.now() })).toEqual({ ok: true });
    await put(state(f.web.id));
    const states = () => f.store.alerts.listStates({ ruleId: rule.id });

    await f.admin.request('PUT', `/api/v1/alerts/rules/${rule.id}`, { body: cpuRule({ name: 'renamed', severity: 'warning' }) });
    expect(await states()).toHaveLength(1);
    await f.admin.request('PUT', `/api/v1/alerts/rules/${rule.id}`, { body: cpuRule({ condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 80 } }) });
    expect(await states()).toEqual([]);
    await put(state(f.web.id));
    await f.admin.request('PUT', `/api/v1/alerts/rules/${rule.id}`, { body: cpuRule({ condition: { kind: 'metric', signal: 'cpu.total', op: 'above', threshold: 80 }, scope: { kind: 'tag', tag: 'db' } }) });
    expect(await states()).toEqual([]);
    await put(state(f.db.id));
    expect((await f.admin.request('DELETE', `/api/v1/alerts/rules/${rule.id}`)).status).toBe(204);
    expect(await states()).toEqual([]);
  });

  it('manages maintenance windows and silences, refusing impossible ones', async () => {
    const now = Date.now();
    const rule = (await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule() })).json;
    const win = await f.admin.request('POST', '/api/v1/alerts/windows', {
      body: { name: 'patch night', scope: { kind: 'tag', tag: 'db' }, schedule: { kind: 'daily', startMinute: 120, durationMs: 3_600_000 } },
    });
    expect(win.status).toBe(201);
    expect((await f.viewer.request('GET', '/api/v1/alerts/windows')).json.windows.map((w: { id: string }) => w.id)).toContain(win.json.id);
    const badWindows: [unknown, string][] = [
      [{ name: 'w', scope: { kind: 'all' }, schedule: { kind: 'once', from: now + 10_000, to: now + 5_000 } }, 'schedule.to'],
      [{ name: 'w', scope: { kind: 'all' }, schedule: { kind: 'once', from: now - 20_000, to: now - 10_000 } }, 'schedule.to'],
      [{ name: 'w', scope: { kind: 'host', hostId: 'nope' }, schedule: { kind: 'once', from: now, to: now + 60_000 } }, 'scope.hostId'],
      [{ name: 'w', scope: { kind: 'all' }, schedule: { kind: 'daily', startMinute: 1440, durationMs: 60_000 } }, 'schedule.startMinute'],
    ];
    for (const [body, path] of badWindows) {
      const res = await f.admin.request('POST', '/api/v1/alerts/windows', { body });
      expect({ path, status: res.status, paths: res.json.error.details.map((d: { path: string }) => d.path) }).toEqual({ path, status: 400, paths: expect.arrayContaining([path]) });
    }
    expect((await f.admin.request('DELETE', `/api/v1/alerts/windows/${win.json.id}`)).status).toBe(204);
    expect((await f.admin.request('DELETE', `/api/v1/alerts/windows/${win.json.id}`)).status).toBe(404);

    const silence = await f.admin.request('POST', '/api/v1/alerts/silences', { body: { ruleId: rule.id, hostId: f.web.id, until: now + 3_600_000, comment: 'deploying' } });
    expect(silence.status).toBe(201);
    expect(silence.json).toMatchObject({ ruleId: rule.id, hostId: f.web.id, comment: 'deploying', createdBy: f.adminId });
    expect((await f.viewer.request('GET', '/api/v1/alerts/silences')).json.silences.map((s: { id: string }) => s.id)).toContain(silence.json.id);
    const badSilences: [unknown, string][] = [
      [{ ruleId: rule.id, until: now - 1_000 }, 'until'],
      [{ ruleId: rule.id, until: now + 31 * 86_400_000 }, 'until'],
      [{ ruleId: 'no-such-rule', until: now + 60_000 }, 'ruleId'],
      [{ ruleId: rule.id, hostId: 'no-such-host', until: now + 60_000 }, 'hostId'],
    ];
    for (const [body, path] of badSilences) {
      const res = await f.admin.request('POST', '/api/v1/alerts/silences', { body });
      expect({ path, status: res.status, paths: res.json.error.details.map((d: { path: string }) => d.path) }).toEqual({ path, status: 400, paths: [path] });
    }
    expect((await f.admin.request('DELETE', `/api/v1/alerts/silences/${silence.json.id}`)).status).toBe(204);
    expect((await f.admin.request('DELETE', `/api/v1/alerts/silences/${silence.json.id}`)).status).toBe(404);
  });

  it('viewers and read tokens read rules, signals, alerts, events, windows and silences, and nothing of channels', async () => {
    const rule = (await f.admin.request('POST', '/api/v1/alerts/rules', { body: cpuRule() })).json;
    const hook = await makeWebhook('hidden from viewers');
    const reads = ['/api/v1/alerts', '/api/v1/alerts/events', '/api/v1/alerts/rules', `/api/v1/alerts/rules/${rule.id}`, '/api/v1/alerts/signals', '/api/v1/alerts/windows', '/api/v1/alerts/silences'];
    for (const p of reads) {
      expect({ p, status: (await f.viewer.request('GET', p)).status }).toEqual({ p, status: 200 });
      expect({ p, status: (await f.readToken.request('GET', p)).status }).toEqual({ p, status: 200 });
    }
    const refused: [string, string, unknown?][] = [
      ['GET', '/api/v1/alerts/channels'],
      ['GET', `/api/v1/alerts/channels/${hook.id}`],
      ['GET', `/api/v1/alerts/channels/${hook.id}/log`],
      ['GET', '/api/v1/alerts/channel-kinds'],
      ['POST', '/api/v1/alerts/channels', { name: 'x', url: 'ntfy://ntfy.sh/topic' }],
      ['PATCH', `/api/v1/alerts/channels/${hook.id}`, { name: 'x' }],
      ['DELETE', `/api/v1/alerts/channels/${hook.id}`],
      ['POST', `/api/v1/alerts/channels/${hook.id}/test`],
      ['POST', '/api/v1/alerts/channels/test', { url: 'ntfy://ntfy.sh/topic' }],
      ['POST', '/api/v1/alerts/rules', cpuRule()],
      ['PUT', `/api/v1/alerts/rules/${rule.id}`, cpuRule()],
      ['DELETE', `/api/v1/alerts/rules/${rule.id}`],
      ['POST', '/api/v1/alerts/rules/preview', { rule: cpuRule() }],
      ['POST', '/api/v1/alerts/windows', { name: 'w', scope: { kind: 'all' }, schedule: { kind: 'daily', startMinute: 0, durationMs: 60_000 } }],
      ['DELETE', '/api/v1/alerts/windows/any'],
      ['POST', '/api/v1/alerts/silences', { ruleId: rule.id, until: Date.now() + 60_000 }],
      ['DELETE', '/api/v1/alerts/silences/any'],
      ['POST', '/api/v1/alerts/acknowledge', { ruleId: rule.id, hostId: f.web.id }],
    ];
    for (const [method, p, body] of refused) {
      const viewer = await f.viewer.request(method, p, body === undefined ? {} : { body });
      const token = await f.readToken.request(method, p, body);
      expect({ method, p, viewer: viewer.status, token: token.status }).toEqual({ method, p, viewer: 403, token: 403 });
    }
    expect(await f.store.alerts.getRule(rule.id)).not.toBeNull();
    expect(await f.store.alerts.getChannel(hook.id)).not.toBeNull();
  });

  it('an admin-scope API token manages rules', async () => {
    const created = await f.adminToken.request('POST', '/api/v1/alerts/rules', cpuRule({ name: 'by token' }));
    expect(created.status).toBe(201);
    expect((await f.adminToken.request('PUT', `/api/v1/alerts/rules/${created.json.id}`, cpuRule({ name: 'by token 2' }))).json.name).toBe('by token 2');
    expect((await f.adminToken.request('DELETE', `/api/v1/alerts/rules/${created.json.id}`)).status).toBe(204);
  });
});

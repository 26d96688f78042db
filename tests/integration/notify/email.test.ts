import net, { type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { policyFromSetting, sendNotice, sendTest, STRICT_POLICY } from '@/lib/notify';
import { NOW, sampleNotice } from './notice';
import { closedPort } from './receiver';

/**
 * Email against a real SMTP server (npm smtp-server) on a free loopback
 * port: the message arrives with its subject and both parts, authentication
 * works when configured and fails readably when wrong, and an unreachable
 * server is a retryable failure.
 */

const policy = policyFromSetting(['127.0.0.1/32']);
const ctx = { deliveryId: 'd-mail-1', now: NOW, policy };

interface Mail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function startSmtp(options: SMTPServerOptions = {}): Promise<{ port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, mails };
}

/** The raw message with quoted-printable soft breaks and escapes undone: enough to find the text in it. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const mailConfig = (port: number, extra: Record<string, string | number | boolean> = {}) => ({
  kind: 'email',
  config: { host: '127.0.0.1', port, security: 'none', from: 'alerts@hostwatch.test', fromName: 'Hostwatch', to: 'ops@example.test, oncall@example.test', ...extra },
});

describe('email over SMTP', () => {
  it('the message arrives with the subject, a text and an HTML part, to every recipient', async () => {
    const smtp = await startSmtp();
    const notice = sampleNotice();
    const result = await sendNotice(mailConfig(smtp.port), notice, ctx);
    expect(result.ok).toBe(true);
    expect(result.status).toBe(250);
    expect(result.detail).toMatch(/^SMTP answered 250/);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail.from).toBe('alerts@hostwatch.test');
    expect(mail.to).toEqual(['ops@example.test', 'oncall@example.test']);
    const raw = decoded(mail.raw);
    expect(raw).toContain(`Subject: ${notice.title}`);
    expect(raw).toContain('From: Hostwatch <alerts@hostwatch.test>');
    expect(raw).toContain('X-Hostwatch-Delivery: d-mail-1');
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toContain('Filesystem / on web-1 is 93.1 % used (threshold 90 %).');
    expect(raw).toContain('<h2 style');
    expect(raw).toContain('Open in Hostwatch: https://hostwatch.example.com/hosts/h1?from=1&to=2');
  });

  it('authenticates when a username and password are configured', async () => {
    const seen: { user?: string; pass?: string } = {};
    const smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        seen.user = auth.username;
        seen.pass = auth.password ?? undefined;
        if (auth.username === 'mailer' && auth.password === 'correct horse battery') return callback(null, { user: 'mailer' });
        return callback(new Error('Authentication failed'));
      },
    });
    const good = await sendNotice(mailConfig(smtp.port, { username: 'mailer', password: 'correct horse battery' }), sampleNotice(), ctx);
    expect(good.ok).toBe(true);
    expect(smtp.mails.map((m) => m.user)).toEqual(['mailer']);

    const bad = await sendNotice(mailConfig(smtp.port, { username: 'mailer', password: 'wrong-password-value' }), sampleNotice(), ctx);
    expect(bad).toMatchObject({ ok: false, status: 535, retryable: false });
    expect(bad.detail).toMatch(/^SMTP: Invalid login: 535/);
    expect(bad.detail).not.toContain('wrong-password-value');
    expect(seen.pass).toBe('wrong-password-value');
    expect(smtp.mails).toHaveLength(1);
  });

  it('security "starttls" refuses a server that cannot upgrade, and sends nothing in the clear', async () => {
    const smtp = await startSmtp();
    const result = await sendNotice(mailConfig(smtp.port, { security: 'starttls', username: 'mailer', password: 'secret-password' }), sampleNotice(), ctx);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^SMTP: .*STARTTLS/i);
    expect(smtp.mails).toHaveLength(0);
  });

  it('an unreachable SMTP port is a readable, retryable failure', async () => {
    const port = await closedPort();
    const result = await sendNotice(mailConfig(port), sampleNotice(), ctx);
    expect(result).toEqual({ ok: false, status: null, retryable: true, detail: `SMTP: connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('a server that accepts the connection but never greets times out (deadline injected), retryable', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const result = await sendNotice(mailConfig(port), sampleNotice(), { ...ctx, timeoutMs: 200 });
      expect(result).toMatchObject({ ok: false, status: null, retryable: true });
      expect(result.detail).toMatch(/^SMTP: .*(timed out|Greeting never received)/i);
      expect(sockets.length).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('the SMTP host is checked like any other target: loopback needs the operator, metadata never', async () => {
    const smtp = await startSmtp();
    const refused = await sendNotice({ ...mailConfig(smtp.port), config: { ...mailConfig(smtp.port).config, host: 'localhost' } }, sampleNotice(), { ...ctx, policy: STRICT_POLICY });
    expect(refused).toMatchObject({ ok: false, status: null, retryable: false });
    expect(refused.detail).toMatch(/^SMTP: refused: localhost resolves to .*, a loopback address/);
    const metadata = await sendNotice({ ...mailConfig(25), config: { ...mailConfig(25).config, host: '169.254.169.254' } }, sampleNotice(), { ...ctx, policy: policyFromSetting(['*']) });
    expect(metadata.detail).toBe('SMTP: refused: 169.254.169.254 is a cloud metadata address, never allowed');
    expect(smtp.mails).toHaveLength(0);
  });

  it('sendTest sends the test notice by mail', async () => {
    const smtp = await startSmtp();
    const result = await sendTest(mailConfig(smtp.port), ctx);
    expect(result.ok).toBe(true);
    expect(decoded(smtp.mails[0].raw)).toContain('Subject: [TEST] Hostwatch test notification');
  });
});

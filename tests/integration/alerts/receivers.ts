import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach } from 'vitest';
import type { AlertEvent } from '@/lib/alerts/schemas';
import { verifyWebhookSignature } from '@/lib/notify';
import { startReceiver, type Receiver, type Received } from '../notify/receiver';
import { SECRET } from './kit';

/**
 * Real receivers for the engine tests: a local HTTP webhook endpoint that
 * checks each request's signature the way docs/NOTIFICATIONS.md tells a
 * receiver to, and a real SMTP server (npm smtp-server). Every one started
 * in a test is closed after it.
 */

export interface Hook {
  kind: string;
  deliveryId: string;
  event: AlertEvent;
  notice: { title: string; text: string; url: string };
  /** The signature checked against the raw body and the send time it carries. */
  signature: ReturnType<typeof verifyWebhookSignature>;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

export function readHook(r: Received): Hook {
  const body = JSON.parse(r.body) as { type: string; deliveryId: string; sentAt: string; event: AlertEvent; notice: Hook['notice'] };
  const signature = verifyWebhookSignature({ secret: SECRET, header: r.headers['x-hostwatch-signature'] as string | undefined, body: r.body, now: Date.parse(body.sentAt) });
  return { kind: body.type, deliveryId: String(r.headers['x-hostwatch-delivery']), event: body.event, notice: body.notice, signature };
}

export interface WebhookReceiver extends Receiver {
  /** The requests answered 2xx, read and verified, in arrival order. */
  hooks(): Hook[];
  /** Every request, answered or not, read and verified. */
  all(): Hook[];
}

export async function startWebhook(): Promise<WebhookReceiver> {
  const r = await startReceiver();
  const answered: Received[] = [];
  let answer: Parameters<Receiver['reply']>[0] = { status: 200, body: 'ok' };
  r.reply((req) => {
    const a = typeof answer === 'function' ? answer(req) : answer;
    if (a !== 'hang' && a.status >= 200 && a.status < 300) answered.push(req);
    return a;
  });
  open.push(r);
  return {
    ...r,
    reply: (a) => {
      answer = a;
    },
    hooks: () => answered.map(readHook),
    all: () => r.requests.map(readHook),
  };
}

export interface Mail {
  to: string[];
  /** The raw message with quoted-printable soft breaks and escapes undone. */
  text: string;
}

export async function startSmtp(): Promise<{ port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
        mails.push({ to: session.envelope.rcptTo.map((t) => t.address), text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { port: (server.server.address() as AddressInfo).port, mails };
}

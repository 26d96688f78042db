import 'server-only';
import { randomUUID } from 'node:crypto';
import { sendTest } from '@/lib/notify';
import type { Store } from '@/lib/store/types';
import type { TestChannelBody } from './api-schemas';
import { resolveChannel } from './channel-source';
import { dashboardUrl } from './kick';
import { findChannel } from './manage-channels';

/**
 * "Send test": a marked test notice sent now, to a saved channel or to one
 * being typed in, answering what the receiver said. Nothing is recorded in
 * the channel's delivery log (that is the history of real alerts).
 */

export interface TestResult {
  ok: boolean;
  status: number | null;
  detail: string;
}

async function send(channel: Parameters<typeof sendTest>[0], now: number): Promise<TestResult> {
  const result = await sendTest(channel, { deliveryId: `test-${randomUUID()}`, now, url: dashboardUrl() });
  return { ok: result.ok, status: result.status, detail: result.detail };
}

export async function testSavedChannel(store: Store, id: string, now: number): Promise<TestResult> {
  return send(await findChannel(store, id), now);
}

/** With `id`, the saved channel's secrets stand in for those sent masked or left out (a test of an edit before saving). */
export async function testUnsavedChannel(store: Store, body: TestChannelBody, now: number): Promise<TestResult> {
  const stored = body.id === undefined ? undefined : await findChannel(store, body.id);
  const { kind, config } = resolveChannel(body, stored);
  return send({ kind, config }, now);
}

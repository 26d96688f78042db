import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Channel, DeliveryAttempt } from '@/lib/alerts/schemas';
import { Conflict, NotFound } from '@/lib/errors';
import { maskConfig, mergeSecrets } from '@/lib/notify';
import { MAX_LOG_PER_CHANNEL } from '@/lib/store/alert-port';
import type { Store } from '@/lib/store/types';
import type { CreateChannelBody, UpdateChannelBody } from './api-schemas';
import { checkConfig, resolveChannel } from './channel-source';
import { alertConfigChanged } from './config-changed';
import { quoteId } from './field-errors';
import { MAX_CHANNELS } from './limits';

/**
 * Notification channels, managed by admins. Secret settings are write-only:
 * every answer masks them (lib/notify maskConfig), and an edit that sends a
 * secret back masked or leaves it out keeps the stored one.
 */

export interface ChannelView {
  id: string;
  name: string;
  kind: string;
  config: Channel['config'];
  createdAt: number;
  updatedAt: number;
}

export const channelView = (c: Channel): ChannelView => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  config: maskConfig(c.kind, c.config),
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export async function findChannel(store: Store, id: string): Promise<Channel> {
  const channel = await store.alerts.getChannel(id);
  if (!channel) throw new NotFound(`No notification channel with id ${quoteId(id)}.`);
  return channel;
}

export async function listChannels(store: Store): Promise<{ channels: ChannelView[] }> {
  const channels = await store.alerts.listChannels();
  return { channels: channels.sort((a, b) => a.createdAt - b.createdAt).map(channelView) };
}

export async function getChannel(store: Store, id: string): Promise<ChannelView> {
  return channelView(await findChannel(store, id));
}

/** `ignored`: options of a Shoutrrr URL that Hostwatch does not use, so the admin knows they had no effect. */
export async function createChannel(store: Store, body: CreateChannelBody, now: number): Promise<ChannelView & { ignored?: string[] }> {
  const { kind, config, ignored } = resolveChannel(body);
  if ((await store.alerts.listChannels()).length >= MAX_CHANNELS) {
    throw new Conflict('too_many_channels', `At most ${MAX_CHANNELS} notification channels; delete one first.`);
  }
  const channel: Channel = { id: randomUUID(), name: body.name, kind, config, createdAt: now, updatedAt: now };
  await store.alerts.createChannel(channel);
  alertConfigChanged(store);
  return { ...channelView(channel), ...(ignored.length > 0 ? { ignored } : {}) };
}

/** `config` is the whole config as a form sends it; secrets sent masked, as '' or not at all keep their stored values. */
export async function updateChannel(store: Store, id: string, body: UpdateChannelBody, now: number): Promise<ChannelView> {
  const old = await findChannel(store, id);
  const config = body.config === undefined ? old.config : checkConfig(old.kind, mergeSecrets(old.kind, old.config, body.config));
  const next: Channel = { ...old, name: body.name ?? old.name, config, updatedAt: now };
  const stored = await store.alerts.updateChannel(next);
  if (!stored) throw new NotFound(`No notification channel with id ${quoteId(id)}.`);
  alertConfigChanged(store);
  return channelView(stored);
}

/** Rules that named the channel keep working without it (it leaves their channel lists). */
export async function deleteChannel(store: Store, id: string, now: number): Promise<void> {
  if (!(await store.alerts.deleteChannel(id))) throw new NotFound(`No notification channel with id ${quoteId(id)}.`);
  for (const rule of await store.alerts.listRules()) {
    if (!rule.channelIds.includes(id)) continue;
    await store.alerts.updateRule({ ...rule, channelIds: rule.channelIds.filter((c) => c !== id), updatedAt: now });
  }
  alertConfigChanged(store);
}

export type LogEntry = Omit<DeliveryAttempt, 'channelId'>;

/** The channel's last attempts, newest first; details were scrubbed of secrets when they were recorded. */
export async function channelLog(store: Store, id: string): Promise<{ attempts: LogEntry[] }> {
  await findChannel(store, id);
  const log = await store.alerts.listDeliveryLog(id, MAX_LOG_PER_CHANNEL);
  return { attempts: log.map(({ deliveryId, eventId, at, ok, status, detail }) => ({ deliveryId, eventId, at, ok, status, detail })) };
}

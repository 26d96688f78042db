import 'server-only';
import type { ChannelDefinition } from '../types';
import { discord } from './discord';
import { email } from './email';
import { gotify } from './gotify';
import { ntfy } from './ntfy';
import { pushover } from './pushover';
import { slack } from './slack';
import { teams } from './teams';
import { telegram } from './telegram';
import { webhook } from './webhook';

/**
 * Every kind of notification channel, once. The settings form (fields, which
 * are secret), the Shoutrrr URL reader and the sender all derive from this
 * list; a new kind is one module here.
 */
export const CHANNELS = [webhook, slack, teams, discord, telegram, ntfy, gotify, pushover, email] as const satisfies readonly ChannelDefinition[];

export type ChannelKindName = (typeof CHANNELS)[number]['kind'];

const BY_KIND = new Map<string, ChannelDefinition>(CHANNELS.map((c) => [c.kind, c]));

/** The registry entry of a kind, or null when there is no such kind. */
export function channelKind(kind: string): ChannelDefinition | null {
  return BY_KIND.get(kind) ?? null;
}

/** The entry that reads a Shoutrrr scheme (`discord`, `generic+https`), or null. */
export function channelForScheme(scheme: string): ChannelDefinition | null {
  return (CHANNELS as readonly ChannelDefinition[]).find((c) => c.shoutrrr.schemes.includes(scheme)) ?? null;
}

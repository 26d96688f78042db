import 'server-only';
import { generateHostToken, hashToken, newId } from '@/lib/auth/tokens';
import { Conflict, HostNotFound } from '@/lib/errors';
import { HostNameTakenError } from '@/lib/store/errors';
import { deleteSharesOfHost } from '@/lib/shares/manage';
import type { HostPatch, HostRecord, Store } from '@/lib/store/types';
import { installCommand } from './install-command';
import { publicHost, type PublicHost } from './rules';
import type { CreateHostInput, UpdateHostInput } from './schemas';

/**
 * Host enrolment and administration. A host's ingest token is shown once, with
 * the command that installs the collector; only its SHA-256 is stored, so
 * rotating replaces the hash and the old token fails on its next post.
 */

export interface Enrolment {
  id: string;
  token: string;
  installCommand: string;
  host: PublicHost;
}

/**
 * A store write that sets a host's name: the store refuses a name another host has whatever its case
 * (lib/store/records.ts hostNameKey), atomically; this says so in words, naming the name (a 409).
 */
async function named<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof HostNameTakenError) {
      throw new Conflict('host_name_taken', `A host named “${err.hostName}” already exists (names are compared ignoring case). Choose another name.`);
    }
    throw err;
  }
}

export async function createHost(store: Store, input: CreateHostInput, serverUrl: string, now: number = Date.now()): Promise<Enrolment> {
  const id = newId();
  const token = generateHostToken(id);
  const host: HostRecord = {
    id,
    name: input.name,
    tags: input.tags,
    tokenHash: hashToken(token),
    disabled: false,
    createdAt: now,
  };
  await named(() => store.createHost(host));
  return { id: host.id, token, installCommand: installCommand(serverUrl, token), host: publicHost(host) };
}

export async function updateHost(store: Store, id: string, input: UpdateHostInput): Promise<PublicHost> {
  const patch: HostPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.tags !== undefined) patch.tags = input.tags;
  if (input.disabled !== undefined) patch.disabled = input.disabled;
  const host = await named(() => store.updateHost(id, patch));
  if (!host) throw new HostNotFound(id);
  return publicHost(host);
}

export async function rotateHostToken(store: Store, id: string, serverUrl: string): Promise<Enrolment> {
  const token = generateHostToken(id);
  const host = await store.updateHost(id, { tokenHash: hashToken(token) });
  if (!host) throw new HostNotFound(id);
  return { id, token, installCommand: installCommand(serverUrl, token), host: publicHost(host) };
}

/**
 * Removes the host with all its history, processes, share links, alert states
 * and the silences that name it. The record goes first: its token stops
 * authenticating in that same atomic step (and SQLite's ingest refuses a host
 * without a record). The rest follows; it is cleaned even when the record is
 * already gone, so a DELETE retried after an outage cut the first one short
 * finishes the job. Alert events stay: they are history, and name the host.
 */
export async function deleteHost(store: Store, id: string, now: number = Date.now()): Promise<void> {
  const existed = await store.deleteHost(id);
  await deleteSharesOfHost(store, id);
  await store.deleteHostSeries(id, now);
  await store.alerts.deleteStatesOfHost(id);
  for (const silence of await store.alerts.listSilences()) {
    if (silence.hostId === id) await store.alerts.deleteSilence(silence.id);
  }
  if (!existed) throw new HostNotFound(id);
}

import 'server-only';
import { generateToken, hashToken, newId } from '@/lib/auth/tokens';
import { HostNotFound, ShareLinkNotFound } from '@/lib/errors';
import type { HostRecord, ShareRecord, Store, UserRecord } from '@/lib/store/types';
import { expiresAtFor, isShareExpired, RANGE_CHOICES, SHARE_PATH_PREFIX } from './rules';
import type { CreateShareInput } from './schemas';

/**
 * Creating, listing and revoking share links (admins). The token is in the
 * creation answer only; the store keeps its SHA-256, so a revoked or lost
 * link can never be shown again, only replaced.
 */

/** What the admin list shows of a link: never the token or its hash. */
export interface AdminShare {
  id: string;
  hostId: string;
  hostName: string | null;
  label: string;
  createdBy: { id: string; name: string | null; email: string | null };
  createdAt: number;
  expiresAt: number | null;
  expired: boolean;
  includeProcesses: boolean;
  includeAlerts: boolean;
  maxRangeMs: number;
  lastViewedAt: number | null;
  viewCount: number;
}

function adminShare(share: ShareRecord, hosts: Map<string, HostRecord>, users: Map<string, UserRecord>, now: number): AdminShare {
  const user = users.get(share.createdBy);
  return {
    id: share.id,
    hostId: share.hostId,
    hostName: hosts.get(share.hostId)?.name ?? null,
    label: share.label,
    createdBy: { id: share.createdBy, name: user?.name ?? null, email: user?.email ?? null },
    createdAt: share.createdAt,
    expiresAt: share.expiresAt,
    expired: isShareExpired(share, now),
    includeProcesses: share.includeProcesses,
    includeAlerts: share.includeAlerts === true,
    maxRangeMs: share.maxRangeMs,
    lastViewedAt: share.lastViewedAt,
    viewCount: share.viewCount,
  };
}

async function requireHost(store: Store, hostId: string): Promise<HostRecord> {
  const host = await store.getHost(hostId);
  if (!host) throw new HostNotFound(hostId);
  return host;
}

export interface CreatedShare {
  /** Shown once: the link's secret. */
  token: string;
  /** The page to send: this server's public URL and `/share/{token}`. */
  url: string;
  path: string;
  share: AdminShare;
}

export async function createShare(
  store: Store,
  createdBy: string,
  hostId: string,
  input: CreateShareInput,
  serverUrl: string,
  now: number = Date.now(),
): Promise<CreatedShare> {
  const host = await requireHost(store, hostId);
  const token = generateToken('share');
  const record: ShareRecord = {
    id: newId(),
    hostId: host.id,
    tokenHash: hashToken(token),
    label: input.label,
    createdBy,
    createdAt: now,
    expiresAt: expiresAtFor(input.expiresIn, now),
    includeProcesses: input.includeProcesses,
    includeAlerts: input.includeAlerts,
    maxRangeMs: RANGE_CHOICES[input.maxRange],
    lastViewedAt: null,
    viewCount: 0,
  };
  await store.createShare(record);
  const creator = await store.getUser(createdBy);
  const users = new Map(creator ? [[creator.id, creator]] : []);
  const path = SHARE_PATH_PREFIX + token;
  return { token, url: serverUrl + path, path, share: adminShare(record, new Map([[host.id, host]]), users, now) };
}

/** One host's links (404 for an unknown host), or every link when hostId is omitted. Newest first. */
export async function listShares(store: Store, hostId?: string, now: number = Date.now()): Promise<AdminShare[]> {
  if (hostId !== undefined) await requireHost(store, hostId);
  const [shares, hosts, users] = await Promise.all([store.listShares(hostId), store.listHosts(), store.listUsers()]);
  const hostMap = new Map(hosts.map((h) => [h.id, h]));
  const userMap = new Map(users.map((u) => [u.id, u]));
  return shares.map((s) => adminShare(s, hostMap, userMap, now)).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

/** The link stops working on its next request, on every instance: each request looks the token up in the store. */
export async function revokeShare(store: Store, id: string): Promise<void> {
  if (!(await store.deleteShare(id))) throw new ShareLinkNotFound(id);
}

/** Revokes every link of one host; answers how many there were. */
export async function revokeHostShares(store: Store, hostId: string): Promise<{ revoked: number }> {
  await requireHost(store, hostId);
  return { revoked: await deleteSharesOfHost(store, hostId) };
}

/** Every link of the host, whether the host record still exists or not: part of deleting a host (lib/accounts/hosts.ts). */
export async function deleteSharesOfHost(store: Store, hostId: string): Promise<number> {
  const shares = await store.listShares(hostId);
  const deleted = await Promise.all(shares.map((s) => store.deleteShare(s.id)));
  return deleted.filter(Boolean).length;
}

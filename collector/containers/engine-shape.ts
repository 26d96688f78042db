import { CONTAINER_HEALTH, CONTAINER_STATES, type ContainerHealth, type ContainerState } from '../../lib/wire/limits';

/**
 * What the collector keeps of one container, read from the engine's list or
 * inspect answer (Docker's and Podman's shapes agree on these fields). The
 * engine is outside input: every field is checked and bounded here, and an
 * answer without an id is no container.
 */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  health: ContainerHealth;
  restarts: number;
  /** ms since the epoch, 0 when unknown. */
  startedAt: number;
  /** The init process in the host's pid namespace; 0 when not running (or only listed, not inspected). */
  pid: number;
}

const ID = /^[0-9a-f]{12,64}$/;

function str(v: unknown, max: number): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function whole(v: unknown, max: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : 0;
}

const STATES = new Set<string>(CONTAINER_STATES);
const HEALTH = new Set<string>(CONTAINER_HEALTH);

export function stateOf(v: unknown): ContainerState {
  const s = str(v, 32).toLowerCase();
  // Podman's own words for two of Docker's states.
  if (s === 'configured' || s === 'initialized') return 'created';
  if (s === 'stopped' || s === 'stopping') return 'exited';
  return STATES.has(s) ? (s as ContainerState) : 'unknown';
}

function healthOf(v: unknown): ContainerHealth {
  const s = str(v, 32).toLowerCase();
  return HEALTH.has(s) ? (s as ContainerHealth) : 'none';
}

/** Docker's "0001-01-01T00:00:00Z" (never started) and anything unreadable are 0. */
function epochOf(v: unknown): number {
  const t = Date.parse(str(v, 64));
  return Number.isFinite(t) && t > 0 ? t : 0;
}

function nameOf(v: unknown, id: string): string {
  const name = str(v, 256).replace(/^\//, '').slice(0, 255);
  return name === '' ? id.slice(0, 12) : name;
}

/** A list entry: id, name, image and state; health, restarts and pid need an inspect. */
export function fromListEntry(v: unknown): ContainerInfo | null {
  const o = obj(v);
  const id = str(o.Id, 64);
  if (!ID.test(id)) return null;
  const names = Array.isArray(o.Names) ? o.Names : [];
  return { id, name: nameOf(names[0], id), image: str(o.Image, 512), state: stateOf(o.State), health: 'none', restarts: 0, startedAt: 0, pid: 0 };
}

/** An inspect answer: everything the collector keeps. */
export function fromInspect(v: unknown): ContainerInfo | null {
  const o = obj(v);
  const id = str(o.Id, 64);
  if (!ID.test(id)) return null;
  const state = obj(o.State);
  const config = obj(o.Config);
  const st = stateOf(state.Status);
  return {
    id,
    name: nameOf(o.Name, id),
    // Config.Image is the name it was run as ("nginx:1.27"); the top-level Image is the image id.
    image: str(config.Image, 512) || str(o.ImageName, 512) || str(o.Image, 512),
    state: st,
    health: healthOf(obj(state.Health).Status),
    restarts: whole(o.RestartCount, 2 ** 31),
    startedAt: st === 'running' || st === 'paused' || st === 'restarting' ? epochOf(state.StartedAt) : 0,
    pid: st === 'running' || st === 'paused' ? whole(state.Pid, 2 ** 22) : 0,
  };
}

/** The container id an event is about, or null for an event this collector does not follow. */
export function eventTarget(v: unknown): { id: string; gone: boolean } | null {
  const o = obj(v);
  if (str(o.Type, 32) !== 'container') return null;
  const id = str(o.id, 64) || str(obj(o.Actor).ID, 64);
  if (!ID.test(id)) return null;
  const action = str(o.Action, 64) || str(o.status, 64);
  return { id, gone: action === 'destroy' || action === 'remove' };
}

import { backoffMs } from '../backoff';
import type { Logger } from '../log';
import { MAX_CONTAINERS } from '../../lib/wire/limits';
import { inspectContainer, listContainers, streamEvents, type EventStream } from './engine-api';
import { eventTarget, fromInspect, fromListEntry, type ContainerInfo } from './engine-shape';

/**
 * Keeps the host's containers current from the engine's API without calling
 * it per sample: one list (and one inspect per container) when the event
 * stream opens, then one inspect per event. When the socket goes away the
 * stream is reopened with backoff, and the list taken again then, since
 * events in between were missed. The sampler only reads `containers()`.
 */
export interface WatcherOptions {
  socketPath: string;
  log: Logger;
  /** Retry delay after the n-th failure in a row (tests shorten it). */
  retryMs?: (attempt: number) => number;
}

/** Kept at most: running ones first; a CI host's thousands of exited containers are not all followed. */
const MAX_KEPT = MAX_CONTAINERS;

export class ContainerWatcher {
  private readonly byId = new Map<string, ContainerInfo>();
  private stream: EventStream | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  /** Bumped on each (re)connect: an inspect answered for an older connection is dropped. */
  private generation = 0;
  private inflight = new Map<string, Promise<void>>();
  private again = new Set<string>();
  private readyWaiters: (() => void)[] = [];
  private synced = false;

  constructor(private readonly o: WatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stream?.close();
    this.stream = null;
  }

  /** The containers as last heard, running first. */
  containers(): ContainerInfo[] {
    return [...this.byId.values()];
  }

  /** Whether the engine's list has been read since the stream last opened. */
  get ready(): boolean {
    return this.synced;
  }

  /** Resolves once the list and every inspect queued so far are answered (tests, `--once`). */
  async settled(): Promise<void> {
    if (!this.synced) await new Promise<void>((r) => this.readyWaiters.push(r));
    while (this.inflight.size > 0) await Promise.all([...this.inflight.values()]);
  }

  private connect(): void {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.synced = false;
    // Events first, then the list: an event arriving meanwhile is not lost, its inspect just runs once more.
    this.stream = streamEvents(
      this.o.socketPath,
      (event) => {
        const t = eventTarget(event);
        if (!t || gen !== this.generation) return;
        if (t.gone) this.byId.delete(t.id);
        else this.refresh(t.id, gen);
      },
      () => void this.resync(gen),
      (err) => this.lost(gen, err),
    );
  }

  private async resync(gen: number): Promise<void> {
    try {
      const listed = (await listContainers(this.o.socketPath)).map(fromListEntry).filter((c): c is ContainerInfo => c !== null);
      if (gen !== this.generation) return;
      listed.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running'));
      const keep = listed.slice(0, MAX_KEPT);
      const ids = new Set(keep.map((c) => c.id));
      for (const id of this.byId.keys()) if (!ids.has(id)) this.byId.delete(id);
      for (const c of keep) {
        const known = this.byId.get(c.id);
        // Until its inspect answers, a listed container shows what the list said (state, no pid).
        if (!known) this.byId.set(c.id, c);
        this.refresh(c.id, gen);
      }
      this.failures = 0;
      this.synced = true;
      for (const w of this.readyWaiters.splice(0)) w();
    } catch (err) {
      if (gen !== this.generation) return;
      this.o.log.warn('container engine: list failed', { socket: this.o.socketPath, error: err });
      this.stream?.close();
      this.lost(gen, err as Error);
    }
  }

  /** One inspect per container at a time; events meanwhile ask for one more after it. */
  private refresh(id: string, gen: number): void {
    if (this.inflight.has(id)) {
      this.again.add(id);
      return;
    }
    const run = (async () => {
      try {
        const info = fromInspect(await inspectContainer(this.o.socketPath, id));
        if (gen !== this.generation) return;
        if (!info) this.byId.delete(id);
        else if (this.byId.has(id) || this.byId.size < MAX_KEPT || (info.state === 'running' && this.evictStopped())) this.byId.set(id, info);
      } catch (err) {
        this.o.log.debug('container engine: inspect failed', { id: id.slice(0, 12), error: err });
      } finally {
        this.inflight.delete(id);
        if (this.again.delete(id) && gen === this.generation) this.refresh(id, gen);
      }
    })();
    this.inflight.set(id, run);
  }

  /** At the cap, a running newcomer takes the place of a container that is not running; false when all run. */
  private evictStopped(): boolean {
    for (const [id, c] of this.byId) {
      if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting') {
        this.byId.delete(id);
        return true;
      }
    }
    return false;
  }

  private lost(gen: number, err?: Error): void {
    if (gen !== this.generation || this.stopped) return;
    this.stream = null;
    this.synced = false;
    const delay = (this.o.retryMs ?? backoffMs)(this.failures++);
    if (this.failures === 1) this.o.log.warn('container engine: event stream closed; retrying', { socket: this.o.socketPath, error: err?.message, retryMs: delay });
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
    this.timer.unref();
  }
}

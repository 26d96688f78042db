import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventTarget, fromInspect, stateOf } from '@/collector/containers/engine-shape';
import { ContainerWatcher } from '@/collector/containers/watcher';
import { createLogger } from '@/collector/log';

const ID1 = '1'.repeat(64);
const ID2 = '2'.repeat(64);

/** A stand-in engine on a unix socket: a real HTTP server answering the three calls from a table the test edits. */
function engine(socket: string) {
  const state: Record<string, { Status: string; Pid: number; Health?: { Status: string } }> = {};
  const calls: string[] = [];
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    calls.push(url.split('?')[0]!);
    if (url.startsWith('/events')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    if (url.startsWith('/containers/json')) {
      res.end(JSON.stringify(Object.keys(state).map((id) => ({ Id: id, Names: [`/n${id[0]}`], Image: 'img', State: state[id]!.Status }))));
      return;
    }
    const m = /^\/containers\/([0-9a-f]+)\/json$/.exec(url);
    const s = m ? state[m[1]!] : undefined;
    if (!s) return void res.writeHead(404).end('{}');
    res.end(JSON.stringify({ Id: m![1], Name: `/n${m![1]![0]}`, Config: { Image: 'img:1' }, RestartCount: 3, State: { ...s, StartedAt: '2026-01-01T00:00:00Z' } }));
  });
  return {
    state,
    calls,
    listen: () => new Promise<void>((r) => server.listen(socket, r)),
    event: (id: string, action: string) => {
      for (const s of streams) s.write(`${JSON.stringify({ Type: 'container', Action: action, id, Actor: { ID: id } })}\n`);
    },
    dropStreams: () => {
      for (const s of streams) s.destroy();
    },
    streams,
    close: () =>
      new Promise<void>((r) => {
        for (const s of streams) s.destroy();
        server.close(() => r());
      }),
  };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('engine answers', () => {
  it('reads an inspect answer, bounding and defaulting what is missing', () => {
    expect(fromInspect({ Id: ID1, Name: '/web', Config: { Image: 'nginx:1.27' }, RestartCount: 4, State: { Status: 'running', Pid: 99, StartedAt: '2026-01-01T00:00:00Z', Health: { Status: 'unhealthy' } } })).toEqual({
      id: ID1,
      name: 'web',
      image: 'nginx:1.27',
      state: 'running',
      health: 'unhealthy',
      restarts: 4,
      startedAt: Date.parse('2026-01-01T00:00:00Z'),
      pid: 99,
    });
    // Not running: no pid and no start time to show an uptime from.
    expect(fromInspect({ Id: ID1, Name: '/x'.repeat(300), State: { Status: 'exited', Pid: 99, StartedAt: 'garbage' }, RestartCount: -1 })).toMatchObject({ state: 'exited', pid: 0, startedAt: 0, restarts: 0 });
    expect(fromInspect({ Id: 'not-hex', State: {} })).toBeNull();
    expect(fromInspect('nonsense')).toBeNull();
  });

  it("maps Podman's own state words onto Docker's", () => {
    expect(stateOf('configured')).toBe('created');
    expect(stateOf('stopped')).toBe('exited');
    expect(stateOf('Running')).toBe('running');
    expect(stateOf('weird')).toBe('unknown');
  });

  it('follows container events only, and knows removal', () => {
    expect(eventTarget({ Type: 'container', Action: 'die', id: ID1 })).toEqual({ id: ID1, gone: false });
    expect(eventTarget({ Type: 'container', Action: 'destroy', Actor: { ID: ID1 } })).toEqual({ id: ID1, gone: true });
    expect(eventTarget({ Type: 'image', Action: 'pull', id: ID1 })).toBeNull();
  });
});

describe('container watcher', () => {
  let dir = '';
  let watcher: ContainerWatcher | null = null;
  afterEach(() => {
    watcher?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists at start, then follows events with one inspect each, and re-lists after the stream drops', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-engine-'));
    const socket = path.join(dir, 'engine.sock');
    const e = engine(socket);
    e.state[ID1] = { Status: 'running', Pid: 10 };
    await e.listen();
    watcher = new ContainerWatcher({ socketPath: socket, log: createLogger('error'), retryMs: () => 0 });
    watcher.start();
    await watcher.settled();
    expect(watcher.containers()).toEqual([expect.objectContaining({ id: ID1, name: 'n1', image: 'img:1', state: 'running', pid: 10, restarts: 3 })]);
    expect(e.calls.filter((c) => c === '/containers/json')).toHaveLength(1);

    // A new container and a stop arrive as events: one inspect each, no new list.
    e.state[ID2] = { Status: 'running', Pid: 20, Health: { Status: 'starting' } };
    e.event(ID2, 'start');
    e.state[ID1] = { Status: 'exited', Pid: 0 };
    e.event(ID1, 'die');
    await until('both events', () => watcher!.containers().length === 2 && watcher!.containers().find((c) => c.id === ID1)?.state === 'exited');
    expect(watcher.containers().find((c) => c.id === ID2)).toMatchObject({ health: 'starting', pid: 20 });
    expect(e.calls.filter((c) => c === '/containers/json')).toHaveLength(1);

    e.event(ID1, 'destroy');
    await until('the removal', () => watcher!.containers().length === 1);

    // The engine restarts: the stream ends, and the watcher reconnects and lists again (events in between were missed).
    delete e.state[ID2];
    e.state[ID1] = { Status: 'running', Pid: 11 };
    e.dropStreams();
    await until('the second list', () => e.calls.filter((c) => c === '/containers/json').length === 2);
    await watcher.settled();
    expect(watcher.containers()).toEqual([expect.objectContaining({ id: ID1, pid: 11, state: 'running' })]);
    await e.close();
  });

  it('keeps at most 256 containers, and a container that starts at the cap takes the place of a stopped one', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-engine-'));
    const socket = path.join(dir, 'engine.sock');
    const e = engine(socket);
    const hex = (i: number) => i.toString(16).padStart(12, '0');
    for (let i = 0; i < 300; i++) e.state[hex(i)] = { Status: 'exited', Pid: 0 };
    await e.listen();
    watcher = new ContainerWatcher({ socketPath: socket, log: createLogger('error'), retryMs: () => 0 });
    watcher.start();
    await watcher.settled();
    expect(watcher.containers()).toHaveLength(256);
    const fresh = 'f'.repeat(12);
    e.state[fresh] = { Status: 'running', Pid: 77 };
    e.event(fresh, 'start');
    await until('the new container', () => watcher!.containers().some((c) => c.id === fresh));
    expect(watcher.containers()).toHaveLength(256);
    // An exited one arriving at the cap is not followed; a running one sent after it is (events come in order).
    e.state['e'.repeat(12)] = { Status: 'exited', Pid: 0 };
    e.event('e'.repeat(12), 'die');
    e.state['d'.repeat(12)] = { Status: 'running', Pid: 78 };
    e.event('d'.repeat(12), 'start');
    await until('the second new container', () => watcher!.containers().some((c) => c.id === 'd'.repeat(12)));
    await watcher.settled();
    expect(watcher.containers().some((c) => c.id === 'e'.repeat(12))).toBe(false);
    expect(watcher.containers()).toHaveLength(256);
    await e.close();
  });

  it('retries with growing backoff while the socket is missing, and picks up the engine when it appears', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-engine-'));
    const socket = path.join(dir, 'engine.sock');
    const attempts: number[] = [];
    watcher = new ContainerWatcher({ socketPath: socket, log: createLogger('error'), retryMs: (n) => (attempts.push(n), 0) });
    watcher.start();
    expect(watcher.ready).toBe(false);
    await until('three retries', () => attempts.length >= 3);
    expect(attempts.slice(0, 3)).toEqual([0, 1, 2]);
    const e = engine(socket);
    e.state[ID1] = { Status: 'running', Pid: 5 };
    await e.listen();
    await watcher.settled();
    expect(watcher.ready).toBe(true);
    expect(watcher.containers()).toHaveLength(1);
    await e.close();
  });
});

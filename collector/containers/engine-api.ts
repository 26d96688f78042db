import http from 'node:http';

/**
 * The few Docker Engine API calls the collector makes, over the engine's unix
 * socket (Docker's, or Podman's Docker-compatible service): list, inspect,
 * and the event stream. Everything the engine answers is bounded — a body
 * past its cap, or an event line past its cap, ends the call with an error —
 * because a socket some other program serves is outside input like any other.
 */

/** Unversioned paths: both engines answer them with their current API version. */
const LIST_PATH = '/containers/json?all=1';
const EVENTS_PATH = `/events?filters=${encodeURIComponent(JSON.stringify({ type: ['container'] }))}`;
const MAX_LIST_BYTES = 16 * 1024 * 1024;
const MAX_INSPECT_BYTES = 2 * 1024 * 1024;
const MAX_EVENT_LINE = 64 * 1024;
const CALL_TIMEOUT_MS = 10_000;

export class EngineError extends Error {}

function get(socketPath: string, path: string, maxBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path, method: 'GET', headers: { host: 'engine' }, timeout: CALL_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy(new EngineError(`engine answer to ${path.split('?')[0]} is over ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new EngineError(`engine did not answer ${path.split('?')[0]} in ${CALL_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function parseJson(body: string, what: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new EngineError(`engine answered ${what} with something that is not JSON`);
  }
}

/** The list: every container, running or not (one object each, shape checked by the caller). */
export async function listContainers(socketPath: string): Promise<unknown[]> {
  const { status, body } = await get(socketPath, LIST_PATH, MAX_LIST_BYTES);
  if (status !== 200) throw new EngineError(`engine answered the container list with HTTP ${status}`);
  const list = parseJson(body, 'the container list');
  if (!Array.isArray(list)) throw new EngineError('engine answered the container list with something that is not a list');
  return list;
}

/** One container's inspect answer, or null when it no longer exists. */
export async function inspectContainer(socketPath: string, id: string): Promise<unknown> {
  const { status, body } = await get(socketPath, `/containers/${encodeURIComponent(id)}/json`, MAX_INSPECT_BYTES);
  if (status === 404) return null;
  if (status !== 200) throw new EngineError(`engine answered inspect ${id.slice(0, 12)} with HTTP ${status}`);
  return parseJson(body, 'inspect');
}

export interface EventStream {
  close(): void;
}

/**
 * The engine's container events, one JSON object per line, for as long as
 * the connection lasts. `onEnd` is called once, with the reason when it
 * failed (the socket went away, the engine restarted, a line too long).
 */
export function streamEvents(socketPath: string, onEvent: (event: unknown) => void, onOpen: () => void, onEnd: (err?: Error) => void): EventStream {
  let ended = false;
  const end = (err?: Error) => {
    if (ended) return;
    ended = true;
    onEnd(err);
  };
  const req = http.request({ socketPath, path: EVENTS_PATH, method: 'GET', headers: { host: 'engine' } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      end(new EngineError(`engine answered the event stream with HTTP ${res.statusCode}`));
      return;
    }
    onOpen();
    let pending = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line === '') continue;
        try {
          onEvent(JSON.parse(line));
        } catch {
          // One unreadable event is skipped; the next inspect or the next reconnect's list corrects the picture.
        }
      }
      if (pending.length > MAX_EVENT_LINE) req.destroy(new EngineError(`engine event line over ${MAX_EVENT_LINE} bytes`));
    });
    res.on('end', () => end());
    res.on('error', (err) => end(err));
    res.on('close', () => end());
  });
  req.on('error', (err) => end(err));
  req.end();
  return {
    close: () => {
      ended = true;
      req.destroy();
    },
  };
}

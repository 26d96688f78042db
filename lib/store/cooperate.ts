import 'server-only';

/**
 * Long decodes give the event loop back every few milliseconds, so one heavy
 * read (a host at every series cap, a long range) delays other requests —
 * health checks, ingest acknowledgements — by at most about one slice.
 */
const SLICE_MS = 8;

export function cooperative(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

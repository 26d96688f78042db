/**
 * Typed store errors. Next.js may load this module more than once (one copy
 * per route bundle, another for instrumentation) while the store instance is
 * shared process-wide, so an error can come from another copy of its class.
 * `instanceof` therefore checks a brand registered with Symbol.for instead of
 * the prototype chain.
 */

const UNAVAILABLE = Symbol.for('hostwatch.StoreUnavailableError');
const CONFLICT = Symbol.for('hostwatch.StoreConflictError');
const UNKNOWN_HOST = Symbol.for('hostwatch.UnknownHostError');
const NAME_TAKEN = Symbol.for('hostwatch.HostNameTakenError');

const branded = (value: unknown, brand: symbol) => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;

/** The store did not answer (down, unreachable, timed out): routes map this to 503 with Retry-After. */
export class StoreUnavailableError extends Error {
  readonly retryAfterSeconds: number;
  readonly [UNAVAILABLE] = true;
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, { cause: options?.cause });
    this.name = 'StoreUnavailableError';
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 5;
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, UNAVAILABLE);
  }
}

/** A create would duplicate a unique key (id, email, token hash): routes map this to 409. */
export class StoreConflictError extends Error {
  readonly [CONFLICT] = true;
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, CONFLICT);
  }
}

/**
 * A host create or rename whose name another host already has, whatever the
 * case (lib/store/records.ts hostNameKey). A StoreConflictError too, so code
 * that only knows "conflict" still answers 409; lib/accounts names the name.
 */
export class HostNameTakenError extends StoreConflictError {
  readonly [NAME_TAKEN] = true;
  constructor(readonly hostName: string) {
    super(`a host named ${JSON.stringify(hostName.slice(0, 100))} already exists`);
    this.name = 'HostNameTakenError';
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, NAME_TAKEN);
  }
}

/** An ingest for a host that was deleted while its batch was on the way: nothing was written. */
export class UnknownHostError extends Error {
  readonly [UNKNOWN_HOST] = true;
  constructor(readonly hostId: string) {
    super(`ingest for a host that no longer exists (${hostId.slice(0, 64)})`);
    this.name = 'UnknownHostError';
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, UNKNOWN_HOST);
  }
}

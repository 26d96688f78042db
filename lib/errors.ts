import 'server-only';
/**
 * Domain errors: what went wrong in the product's own terms (no such host,
 * the link has expired). lib/query, lib/shares and lib/accounts throw these;
 * only lib/http/error-response.ts turns them into HTTP statuses, and pages
 * catch the same classes to answer with notFound() instead of comparing
 * status numbers.
 *
 * Next.js may bundle this module once per route, so `instanceof` checks a
 * list of brands carried by the instance (one per class in its chain, set
 * from each class's static `brand`, which survives minification unlike
 * class names) instead of the prototype chain.
 */
const BRANDS = Symbol.for('hostwatch.DomainError.brands');

/** The kinds the HTTP layer knows how to answer; a new kind needs a status there. */
export type DomainErrorKind = 'invalid' | 'not_found' | 'gone' | 'conflict' | 'forbidden';

export class DomainError extends Error {
  static readonly brand: string = 'DomainError';
  readonly [BRANDS]: readonly string[];

  static [Symbol.hasInstance](value: unknown): boolean {
    const brands = typeof value === 'object' && value !== null ? (value as Record<symbol, unknown>)[BRANDS] : undefined;
    return Array.isArray(brands) && brands.includes(this.brand);
  }

  constructor(
    readonly kind: DomainErrorKind,
    /** The machine-readable `error.code` of the API answer. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    const brands: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'brand')) brands.push((c as typeof DomainError).brand);
    }
    this[BRANDS] = brands;
    this.name = brands[0] ?? 'DomainError';
  }
}

/** The request asks for something that makes no sense (a range ending before it starts, an unknown metric). */
export class InvalidInput extends DomainError {
  static override readonly brand: string = 'InvalidInput';
  constructor(code: string, message: string, details?: unknown) {
    super('invalid', code, message, details);
  }
}

/** The current state forbids the change (the server is already set up, the email is taken). */
export class Conflict extends DomainError {
  static override readonly brand: string = 'Conflict';
  constructor(code: string, message: string) {
    super('conflict', code, message);
  }
}

/** Ids in messages are cut short: an id is a path segment, and a megabyte of it should not come back. */
const shortId = (id: string) => id.slice(0, 64);

/** Something named by the request does not exist (or is not the caller's to know about). */
export class NotFound extends DomainError {
  static override readonly brand: string = 'NotFound';
  constructor(message: string, code = 'not_found') {
    super('not_found', code, message);
  }
}

export class HostNotFound extends NotFound {
  static override readonly brand: string = 'HostNotFound';
  constructor(readonly hostId: string) {
    super(`No host with id "${shortId(hostId)}".`);
  }
}

/** `?host=` left out on a server with no hosts yet. */
export class NoHostsYet extends NotFound {
  static override readonly brand: string = 'NoHostsYet';
  constructor() {
    super('No hosts yet: add one and start its collector.');
  }
}

export class UserNotFound extends NotFound {
  static override readonly brand: string = 'UserNotFound';
  constructor(readonly userId: string) {
    super(`No user with id "${shortId(userId)}".`);
  }
}

export class ApiTokenNotFound extends NotFound {
  static override readonly brand: string = 'ApiTokenNotFound';
  constructor(readonly tokenId: string) {
    super(`No API token with id "${shortId(tokenId)}".`);
  }
}

/** A share link looked up by its id (management), not by its token (viewers: lib/shares/errors.ts). */
export class ShareLinkNotFound extends NotFound {
  static override readonly brand: string = 'ShareLinkNotFound';
  constructor(readonly shareId: string) {
    super(`No share link with id "${shortId(shareId)}".`);
  }
}

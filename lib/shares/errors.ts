import 'server-only';
import { DomainError, NotFound } from '@/lib/errors';

/**
 * Why a share token does not open a view. Unknown, mistyped and revoked
 * links are one "not found" (the answer says nothing about which); an expired
 * one is "gone", so the page can say that the link has expired.
 */
export class ShareNotFoundError extends NotFound {
  static override readonly brand: string = 'ShareNotFoundError';
  constructor() {
    super('This share link does not exist or was revoked.', 'share_not_found');
  }
}

export class ShareExpiredError extends DomainError {
  static override readonly brand: string = 'ShareExpiredError';
  constructor() {
    super('gone', 'share_expired', 'This share link has expired.');
  }
}

/** The link is valid but was made without the process list. */
export class ProcessesNotShared extends DomainError {
  static override readonly brand: string = 'ProcessesNotShared';
  constructor() {
    super('forbidden', 'processes_not_shared', 'This link does not include the process list.');
  }
}

import { HttpError } from '@/lib/http/http-error';

/**
 * Why a share token does not open a view. Unknown, mistyped and revoked
 * links are one 404 (the answer says nothing about which); an expired one is
 * a 410, so the page can say that the link has expired.
 */
export class ShareNotFoundError extends HttpError {
  constructor() {
    super(404, 'share_not_found', 'This share link does not exist or was revoked.');
    this.name = 'ShareNotFoundError';
  }
}

export class ShareExpiredError extends HttpError {
  constructor() {
    super(410, 'share_expired', 'This share link has expired.');
    this.name = 'ShareExpiredError';
  }
}


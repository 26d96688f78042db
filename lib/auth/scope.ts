import type { ApiTokenScope, Role } from '@/lib/store/types';

/** What a token may do now: never more than its owner's current role allows (a demoted admin's admin token reads only). Pure. */
export function effectiveScope(scope: ApiTokenScope, ownerRole: Role): ApiTokenScope {
  return scope === 'admin' && ownerRole === 'admin' ? 'admin' : 'read';
}

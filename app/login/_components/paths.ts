/** Where the sign-in page sends a visitor while the store is down, keeping where they were going. */
export function unavailablePath(callbackPath: string): string {
  return callbackPath === '/' ? '/login/unavailable' : `/login/unavailable?callbackUrl=${encodeURIComponent(callbackPath)}`;
}

export function loginPath(callbackPath: string): string {
  return callbackPath === '/' ? '/login' : `/login?callbackUrl=${encodeURIComponent(callbackPath)}`;
}

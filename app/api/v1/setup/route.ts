import { respondWith } from '@/lib/accounts/http';
import { setupFromRequest, setupStatus } from '@/lib/accounts/setup-request';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Public: {needed: true} while the server has no user and waits for /setup. */
export async function GET() {
  return respondWith(200, async () => setupStatus(getStore()));
}

/** Public: {code, email, name?, password} with the setup code from the server log makes the first admin. */
export async function POST(request: Request) {
  return respondWith(201, async () => setupFromRequest(getStore(), request));
}

import type { NextRequest } from 'next/server';
import { authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { aliasProcesses } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Alias of /api/v1/hosts/{id}/processes (?at= for the nearest snapshot); ?host= is optional when there is one host. */
export async function GET(request: NextRequest) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return aliasProcesses(store, request.nextUrl.searchParams);
  });
}

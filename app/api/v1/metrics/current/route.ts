import type { NextRequest } from 'next/server';
import { authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { aliasCurrent } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Alias of /api/v1/hosts/{id}: the latest full state; ?host= is optional when there is one host. */
export async function GET(request: NextRequest) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return aliasCurrent(store, request.nextUrl.searchParams, Date.now());
  });
}

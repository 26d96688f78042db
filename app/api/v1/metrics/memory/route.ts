import type { NextRequest } from 'next/server';
import { authorizeRead } from '@/lib/auth/authorize';
import { config } from '@/lib/config';
import { respond } from '@/lib/http/handle';
import { aliasSeries } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Alias of /api/v1/hosts/{id}/series for the memory series; ?host= is optional when there is one host. */
export async function GET(request: NextRequest) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return aliasSeries(store, request.nextUrl.searchParams, Date.now(), config().retention, 'memory');
  });
}

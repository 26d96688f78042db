import type { NextRequest } from 'next/server';
import { authorizeRead } from '@/lib/auth/authorize';
import { config } from '@/lib/config';
import { respond } from '@/lib/http/handle';
import { parseSeriesParams } from '@/lib/query/params';
import { series } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** History of one host: ?metrics=a,b&from=&to=&range=&points= → aligned avg/min/max arrays from the best tier. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    const now = Date.now();
    const query = parseSeriesParams(request.nextUrl.searchParams, now);
    return series(store, (await params).id, query, now, config().retention);
  });
}

import type { NextRequest } from 'next/server';
import { authorizeRead } from '@/lib/auth/authorize';
import { respond } from '@/lib/http/handle';
import { parseAtParam } from '@/lib/query/params';
import { processes } from '@/lib/query/read-api';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** The process snapshot nearest to ?at= (ms or ISO), or the latest. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const store = getStore();
    await authorizeRead(request, store);
    return processes(store, (await params).id, parseAtParam(request.nextUrl.searchParams));
  });
}

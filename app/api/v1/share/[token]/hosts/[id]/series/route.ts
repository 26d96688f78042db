import type { NextRequest } from 'next/server';
import { config } from '@/lib/config';
import { respondShared, shareRequest } from '@/lib/shares/http';
import { sharedSeries } from '@/lib/shares/viewer';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: history like /api/v1/hosts/{id}/series, from/to clamped to the window the link allows. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string; id: string }> }) {
  return respondShared(async () => {
    const { token, id } = await params;
    return sharedSeries(getStore(), shareRequest(request, token), id, request.nextUrl.searchParams, Date.now(), config().retention);
  });
}

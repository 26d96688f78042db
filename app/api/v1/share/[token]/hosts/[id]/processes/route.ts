import type { NextRequest } from 'next/server';
import { respondShared, shareRequest } from '@/lib/shares/http';
import { sharedProcesses } from '@/lib/shares/viewer';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: the process snapshot nearest ?at= (clamped), only when the link includes processes (else 403). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string; id: string }> }) {
  return respondShared(async () => {
    const { token, id } = await params;
    return sharedProcesses(getStore(), shareRequest(request, token), id, request.nextUrl.searchParams, Date.now());
  });
}

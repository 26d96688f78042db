import { respondShared, shareRequest } from '@/lib/shares/http';
import { sharedHost } from '@/lib/shares/viewer';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: the header and newest sample of the link's host (another host id → 404). */
export async function GET(request: Request, { params }: { params: Promise<{ token: string; id: string }> }) {
  return respondShared(async () => {
    const { token, id } = await params;
    return sharedHost(getStore(), shareRequest(request, token), id, Date.now());
  });
}

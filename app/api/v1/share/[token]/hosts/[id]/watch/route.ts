import { respondShared, shareRequest } from '@/lib/shares/http';
import { sharedWatch } from '@/lib/shares/viewer';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: a viewer in Live mode asks the host for 1-second samples for the next 60 s. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string; id: string }> }) {
  return respondShared(async () => {
    const { token, id } = await params;
    return sharedWatch(getStore(), shareRequest(request, token), id, Date.now());
  });
}

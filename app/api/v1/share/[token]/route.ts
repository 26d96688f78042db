import { respondShared, shareRequest } from '@/lib/shares/http';
import { sharedLink } from '@/lib/shares/viewer';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** Public, with the link's token: which host it shows and what it allows. Unknown or revoked → 404, expired → 410. */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  return respondShared(async () => sharedLink(getStore(), shareRequest(request, (await params).token), Date.now()));
}

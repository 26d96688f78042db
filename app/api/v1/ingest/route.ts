import { config } from '@/lib/config';
import { respond } from '@/lib/http/handle';
import { ingestRequest } from '@/lib/ingest/ingest-request';
import { getStore } from '@/lib/store';

export const dynamic = 'force-dynamic';

/** A collector's batch: authenticated by its host token, validated all-or-nothing, acknowledged once durable. */
export async function POST(request: Request) {
  return respond(async () => ingestRequest(request, getStore(), { ingestPerMinute: config().rateLimits.ingestPerMinute }));
}

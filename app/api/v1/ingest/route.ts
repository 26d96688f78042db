import { config } from '@/lib/config';
import { route } from '@/lib/http/route';
import { ingestRequest } from '@/lib/ingest/ingest-request';

export const dynamic = 'force-dynamic';

/** A collector's batch: authenticated by its host token, validated all-or-nothing, acknowledged once durable. */
export const POST = route({ auth: 'host' }, ({ request, store }) =>
  ingestRequest(request, store, { ingestPerMinute: config().rateLimits.ingestPerMinute }),
);

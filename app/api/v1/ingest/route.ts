import { after } from 'next/server';
import { config } from '@/lib/config';
import { sendQueuedNotifications } from '@/lib/alerting/kick';
import { countedIngest, recordAcceptedSamples } from '@/lib/export/health-metrics';
import { remoteWriteSink } from '@/lib/export/remote-write';
import { route } from '@/lib/http/route';
import { ingestRequest } from '@/lib/ingest/ingest-request';

export const dynamic = 'force-dynamic';

/** A collector's batch: authenticated by its host token, validated all-or-nothing, acknowledged once durable. */
export const POST = countedIngest(
  route({ auth: 'host' }, async ({ request, store }) => {
    const { reply, deliveriesQueued } = await ingestRequest(request, store, { ingestPerMinute: config().rateLimits.ingestPerMinute, forward: remoteWriteSink() });
    recordAcceptedSamples(reply.accepted);
    // Notifications go out after the answer (on Vercel too: after() keeps the function alive for it).
    if (deliveriesQueued) after(() => sendQueuedNotifications(store));
    return reply;
  }),
);

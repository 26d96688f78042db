import 'server-only';
import type { HostRecord } from '@/lib/store/types';
import type { Sample } from '@/lib/wire/contract';

/**
 * Where ingest hands the samples of a stored batch, after the store has
 * accepted it (remote write out, lib/export/remote-write.ts). `accepted` must
 * return at once and never throw: it runs on the ingest path, so it queues
 * and does its work later.
 */
export interface AcceptedSink {
  accepted(host: HostRecord, samples: readonly Sample[]): void;
}

import 'server-only';
import { NextResponse } from 'next/server';
import { config } from '@/lib/config';
import { remoteWriteHealth } from '@/lib/export/remote-write';
import { getStore } from '@/lib/store';
import { corruptRowsSkipped } from '@/lib/store/decode';
import { StoreUnavailableError } from '@/lib/store/errors';
import { VERSION } from '@/lib/version';

/**
 * Public liveness and store check: no secrets, only what an uptime probe
 * needs, plus the count of stored rows this process had to skip as unreadable
 * (non-zero means damaged data somewhere, never a failed page) and, when
 * remote write is on, its queue and counts (dropped > 0: the receiver could
 * not keep up or was down longer than the queue holds). Its own shape,
 * not the error shape: probes read `status`.
 */
export async function healthResponse(): Promise<Response> {
  const store = config().store.kind;
  const remoteWrite = remoteWriteHealth();
  const base = { version: VERSION, store, corruptRowsSkipped: corruptRowsSkipped(), ...(remoteWrite ? { remoteWrite } : {}) };
  try {
    await getStore().ping();
    return NextResponse.json({ status: 'ok', ...base, storeOk: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    return NextResponse.json(
      { status: 'degraded', ...base, storeOk: false, error: { code: 'store_unavailable', message: 'The data store is not answering.' } },
      { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': String(err.retryAfterSeconds) } },
    );
  }
}

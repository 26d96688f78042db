import 'server-only';
import { NextResponse } from 'next/server';
import { config } from '@/lib/config';
import { getStore } from '@/lib/store';
import { corruptRowsSkipped } from '@/lib/store/decode';
import { StoreUnavailableError } from '@/lib/store/errors';
import { VERSION } from '@/lib/version';

/**
 * Public liveness and store check: no secrets, only what an uptime probe
 * needs, plus the count of stored rows this process had to skip as unreadable
 * (non-zero means damaged data somewhere, never a failed page). Its own shape,
 * not the error shape: probes read `status`.
 */
export async function healthResponse(): Promise<Response> {
  const store = config().store.kind;
  const base = { version: VERSION, store, corruptRowsSkipped: corruptRowsSkipped() };
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

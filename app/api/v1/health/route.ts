import { NextResponse } from 'next/server';
import { config } from '@/lib/config';
import { getStore } from '@/lib/store';
import { StoreUnavailableError } from '@/lib/store/errors';
import { VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

/** Public liveness and store check: no secrets, only what an uptime probe needs. */
export async function GET() {
  const store = config().store.kind;
  try {
    await getStore().ping();
    return NextResponse.json({ status: 'ok', version: VERSION, store, storeOk: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    return NextResponse.json(
      { status: 'degraded', version: VERSION, store, storeOk: false, error: { code: 'store_unavailable', message: 'The data store is not answering.' } },
      { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': String(err.retryAfterSeconds) } },
    );
  }
}

import { collectorBundle } from '@/lib/accounts/install-script';
import { jsonError } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

/**
 * The collector bundle, from the server build (built by `npm run build:collector`, which `npm run build` runs first).
 * `?variant=fallback` is the second file that platforms without /proc need beside it
 * (systeminformation, ~600 KB, kept out of the Linux bundle). It is a query on this one
 * public route rather than a route of its own, so the set of public routes stays as it is.
 */
export async function GET(request: Request) {
  const fallback = new URL(request.url).searchParams.get('variant') === 'fallback';
  const bundle = await collectorBundle(fallback ? 'fallback' : 'main');
  const file = fallback ? 'hostwatch-collector-fallback.mjs' : 'hostwatch-collector.mjs';
  if (!bundle) {
    return jsonError(404, 'collector_not_built', `This server was built without dist/${file}: run \`npm run build\` (it builds the collector first).`);
  }
  return new Response(new Uint8Array(bundle.bytes), {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Length': String(bundle.bytes.length),
      // RFC 9530: lets a client check the download like install.sh does with the sum it carries.
      'Repr-Digest': `sha-256=:${Buffer.from(bundle.sha256, 'hex').toString('base64')}:`,
    },
  });
}

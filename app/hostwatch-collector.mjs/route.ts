import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonError } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

/**
 * The collector bundle (built by `npm run build:collector`, which `npm run build` runs first).
 * `?variant=fallback` is the second file that platforms without /proc need beside it
 * (systeminformation, ~600 KB, kept out of the Linux bundle). It is a query on this one
 * public route rather than a route of its own, so the set of public routes stays as it is.
 */
export async function GET(request: Request) {
  const fallback = new URL(request.url).searchParams.get('variant') === 'fallback';
  const file = fallback ? 'hostwatch-collector-fallback.mjs' : 'hostwatch-collector.mjs';
  let bundle: Buffer;
  try {
    bundle = await readFile(path.join(process.cwd(), 'dist', file));
  } catch {
    return jsonError(404, 'collector_not_built', `The collector bundle dist/${file} is missing on this server: run \`npm run build:collector\`.`);
  }
  return new Response(new Uint8Array(bundle), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': String(bundle.length) },
  });
}

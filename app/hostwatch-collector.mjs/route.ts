import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonError } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

/** The collector bundle (built by `npm run build:collector`, which `npm run build` runs first). */
export async function GET() {
  let bundle: Buffer;
  try {
    bundle = await readFile(path.join(process.cwd(), 'dist', 'hostwatch-collector.mjs'));
  } catch {
    return jsonError(404, 'collector_not_built', 'The collector bundle is missing on this server: run `npm run build:collector`.');
  }
  return new Response(new Uint8Array(bundle), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': String(bundle.length) },
  });
}

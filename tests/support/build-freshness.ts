import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** What the production build is made of: a change in any of them after the build means it no longer shows the code. */
const BUILD_INPUTS = ['app', 'lib', 'collector', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs', 'package-lock.json'];

/** The newest modification time under `p` (a file or a directory tree), 0 when it is absent. */
function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/**
 * Why the production build in `.next` does not show the code, or null when it does: absent, or older
 * than a file it is made of. A stale build runs yesterday's code under today's test or figure (it
 * happened: a reverted client option stayed in the build a day).
 */
export function staleBuildReason(): string | null {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no production build';
  const builtAt = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.filter((p) => newestMtime(path.join(root, p)) > builtAt);
  return changed.length > 0 ? `the production build is older than ${changed.join(', ')}` : null;
}

import { fileURLToPath } from 'node:url';

/**
 * Where the fallback module is, relative to this module. The build defines it
 * as the fallback bundle installed beside the main one; unbundled (vitest,
 * tsx) it is the source entry. A computed specifier also keeps esbuild from
 * pulling the fallback into the main bundle.
 */
declare const __HOSTWATCH_FALLBACK_MODULE__: string | undefined;
const FALLBACK_MODULE = typeof __HOSTWATCH_FALLBACK_MODULE__ === 'string' ? __HOSTWATCH_FALLBACK_MODULE__ : './fallback.ts';

export type Fallback = typeof import('./fallback');

let loaded: Promise<Fallback> | null = null;

/** The sampler and inventory for platforms without /proc, loaded on first use only. */
export function loadFallback(): Promise<Fallback> {
  loaded ??= (async () => {
    const url = new URL(FALLBACK_MODULE, import.meta.url);
    try {
      return (await import(url.href)) as Fallback;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      throw new Error(
        `this platform has no /proc, so the collector needs ${fileURLToPath(url)} beside it: download <server>/hostwatch-collector.mjs?variant=fallback there (install.sh does this on systems other than Linux)`,
      );
    }
  })();
  return loaded;
}

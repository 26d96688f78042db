/**
 * The release, written into the bundle by esbuild's `define` from package.json
 * at build time (scripts/build-collector.mjs). Importing package.json instead
 * would carry the server's dependency and script lists into every collector.
 * Unbundled (vitest, tsx) nothing defines it, so the source reports "dev".
 */
declare const __HOSTWATCH_VERSION__: string | undefined;

export const COLLECTOR_VERSION: string = typeof __HOSTWATCH_VERSION__ === 'string' ? __HOSTWATCH_VERSION__ : 'dev';

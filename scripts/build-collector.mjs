// Bundles the collector into files that run on Node >= 18 with no node_modules beside them:
// - dist/hostwatch-collector.mjs: the daemon; on Linux (/proc) the only file needed.
// - dist/hostwatch-collector-fallback.mjs: systeminformation and what uses it, which the daemon
//   import()s only on platforms without /proc (collector/load-fallback.ts).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = path.join(root, 'dist', 'hostwatch-collector.mjs');
export const fallbackPath = path.join(root, 'dist', 'hostwatch-collector-fallback.mjs');
/**
 * The main bundle's bound: its source is parsed and held by every collector for its whole life.
 * With containers, services and the device readers it is ~116 KB, whitespace stripped.
 */
export const MAX_BUNDLE_BYTES = 120_000;

/**
 * Why a bundle may not ship, from esbuild's metafile inputs and its size; empty when it may.
 * The fallback bundle is exempt from the size bound and from systeminformation, which is its purpose.
 */
export function bundleProblems({ inputs, bytes, fallback = false }) {
  const problems = [];
  const server = inputs.filter((f) => f.startsWith('app/') || f.includes('server-only'));
  if (server.length > 0) problems.push(`must not include server code: ${server.join(', ')}`);
  // zod is ~700 KB the daemon would load and keep for nothing: the collector checks replies with collector/wire.ts.
  if (inputs.some((f) => f.includes('node_modules/zod/'))) problems.push('must not include zod: import only types from lib/wire/contract.ts');
  // The server's package.json (dependencies, scripts) is not the collector's business; the version comes from `define`.
  // (systeminformation reads its own node_modules/systeminformation/package.json, which is its business.)
  if (inputs.some((f) => f === 'package.json' || f === 'lib/version.ts')) {
    problems.push('must not include package.json or lib/version.ts: use COLLECTOR_VERSION from collector/version.ts');
  }
  if (!fallback) {
    if (inputs.some((f) => f.includes('node_modules/systeminformation/'))) {
      problems.push('must not include systeminformation: it belongs in the fallback bundle (collector/fallback.ts, loaded by collector/load-fallback.ts)');
    }
    if (bytes > MAX_BUNDLE_BYTES) problems.push(`is ${bytes} bytes, over the ${MAX_BUNDLE_BYTES}-byte bound`);
  }
  return problems;
}

function version() {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
}

async function bundle({ entry, target, fallback, quiet }) {
  // Write beside the target and rename, so a running test or server never reads half a file.
  const tmp = `${target}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [path.join(root, 'collector', entry)],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minifySyntax: true,
    // Indentation was a fifth of the bundle; names stay (no minifyIdentifiers), so a logged stack still reads.
    minifyWhitespace: true,
    legalComments: 'none',
    alias: { '@': root },
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
    define: {
      __HOSTWATCH_VERSION__: JSON.stringify(version()),
      __HOSTWATCH_FALLBACK_MODULE__: JSON.stringify(`./${path.basename(fallbackPath)}`),
    },
    banner: {
      js: [
        ...(fallback ? [] : ['#!/usr/bin/env node']),
        // What install.sh reads to name the version without executing the file (it runs as root).
        `// ${fallback ? 'hostwatch-collector-fallback' : 'hostwatch-collector'} ${version()}`,
        // systeminformation is CommonJS and require()s Node built-ins; give the ESM bundle a require.
        ...(fallback ? ["import { createRequire as __hwCreateRequire } from 'node:module';", 'const require = __hwCreateRequire(import.meta.url);'] : []),
      ].join('\n'),
    },
  });
  const bytes = result.metafile.outputs[path.relative(root, tmp)]?.bytes ?? 0;
  const problems = bundleProblems({ inputs: Object.keys(result.metafile.inputs), bytes, fallback });
  if (problems.length > 0) {
    rmSync(tmp, { force: true });
    throw new Error(`collector bundle ${path.relative(root, target)} ${problems.join('; ')}`);
  }
  return { tmp, target, bytes, fallback };
}

export async function buildCollector({ quiet = false } = {}) {
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  // One after the other: if the main bundle is refused, no fallback of that build is left behind either.
  const main = await bundle({ entry: 'main.ts', target: bundlePath, fallback: false, quiet });
  let fb;
  try {
    fb = await bundle({ entry: 'fallback.ts', target: fallbackPath, fallback: true, quiet });
  } catch (err) {
    rmSync(main.tmp, { force: true });
    throw err;
  }
  const built = [main, fb];
  // Fallback first: a main bundle on disk always finds the fallback of its own build or a newer one.
  for (const b of [...built].reverse()) {
    renameSync(b.tmp, b.target);
    chmodSync(b.target, b.fallback ? 0o644 : 0o755);
  }
  if (!quiet) for (const b of built) console.log(`built ${path.relative(root, b.target)} (${b.bytes} bytes, ${Math.round(b.bytes / 1024)} KiB)`);
  return { bundlePath, fallbackPath, bytes: built[0].bytes, fallbackBytes: built[1].bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCollector();
}

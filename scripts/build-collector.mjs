// Bundles the collector into one file that runs on Node >= 18 with no node_modules beside it.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = path.join(root, 'dist', 'hostwatch-collector.mjs');

export async function buildCollector({ quiet = false } = {}) {
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  // Write beside the target and rename, so a running test or server never reads half a file.
  const tmp = `${bundlePath}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [path.join(root, 'collector', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minifySyntax: true,
    legalComments: 'none',
    alias: { '@': root },
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
    // systeminformation is CommonJS and require()s Node built-ins; give the ESM bundle a require.
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as __hwCreateRequire } from 'node:module';",
        'const require = __hwCreateRequire(import.meta.url);',
      ].join('\n'),
    },
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = inputs.filter((f) => f.startsWith('app/') || f.includes('server-only'));
  if (forbidden.length > 0) throw new Error(`collector bundle must not include server code: ${forbidden.join(', ')}`);
  // zod is ~700 KB the daemon would load and keep for nothing: the collector checks replies with collector/wire.ts.
  if (inputs.some((f) => f.includes('node_modules/zod/'))) throw new Error('collector bundle must not include zod: import only types from lib/wire/contract.ts');
  renameSync(tmp, bundlePath);
  chmodSync(bundlePath, 0o755);
  if (!quiet) {
    const bytes = result.metafile.outputs[path.relative(root, tmp)]?.bytes ?? 0;
    console.log(`built ${path.relative(root, bundlePath)} (${Math.round(bytes / 1024)} KiB)`);
  }
  return bundlePath;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCollector();
}

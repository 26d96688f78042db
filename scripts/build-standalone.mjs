// npm run build:standalone: `next build` with output: 'standalone' into .next-standalone/, completed into one
// directory that runs with `node server.js` and needs nothing else of this checkout — what a serverless
// platform runs (only the traced files, read-only) and what the container image copies. Next leaves the
// browser's static files beside the traced server, so they are copied in; it also points next-env.d.ts at
// its own types, which is put back so the regular build's types stay the ones the editor and tsc see.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const envFile = path.join(root, 'next-env.d.ts');
const envBefore = existsSync(envFile) ? readFileSync(envFile, 'utf8') : null;
const built = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
  cwd: root,
  env: { ...process.env, HOSTWATCH_BUILD_STANDALONE: '1' },
  stdio: 'inherit',
});
if (envBefore === null) rmSync(envFile, { force: true });
else writeFileSync(envFile, envBefore);
if (built.status !== 0) process.exit(built.status ?? 1);

const dist = path.join(root, '.next-standalone');
const out = path.join(dist, 'standalone');
if (!existsSync(path.join(out, 'server.js'))) {
  console.error('error: next build made no .next-standalone/standalone/server.js');
  process.exit(1);
}
const staticOut = path.join(out, '.next-standalone', 'static');
rmSync(staticOut, { recursive: true, force: true });
cpSync(path.join(dist, 'static'), staticOut, { recursive: true });
console.log(`standalone server in ${path.relative(root, out)}/ (run: node server.js)`);

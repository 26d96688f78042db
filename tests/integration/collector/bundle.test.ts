import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSchema, systemInfoSchema, type Sample } from '@/lib/wire/contract';
import type { Fallback } from '@/collector/load-fallback';
import { loadFallback } from '@/collector/load-fallback';
import { genericSystemInfo } from '@/collector/system-info';
import { buildBundle, bundle, root } from './sink';

const fallbackBundle = path.join(root, 'dist', 'hostwatch-collector-fallback.mjs');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

type BundleProblems = (b: { inputs: string[]; bytes: number; fallback?: boolean }) => string[];

/**
 * A preload that makes this Linux machine look like one without /proc to the main
 * bundle's own platform check only (the caller's frame is in hostwatch-collector.mjs);
 * systeminformation, in the fallback bundle, still sees Linux and can answer here.
 */
const OFF_LINUX = `Object.defineProperty(process, 'platform', { get() {
  const caller = new Error().stack.split('\\n')[2] || '';
  return caller.includes('/hostwatch-collector.mjs:') ? 'darwin' : 'linux';
} });\n`;

describe('collector bundles', () => {
  let dir: string;
  beforeAll(() => {
    buildBundle();
    dir = mkdtempSync(path.join(os.tmpdir(), 'hw-bundle-'));
    writeFileSync(path.join(dir, 'off-linux.cjs'), OFF_LINUX);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the Linux bundle small: no systeminformation, no package.json, at most 120 KB', () => {
    const text = readFileSync(bundle, 'utf8');
    expect(statSync(bundle).size).toBeLessThanOrEqual(120_000);
    expect(text).not.toMatch(/systeminformation/i);
    // package.json would show as its dependency list and scripts.
    for (const name of ['better-sqlite3', 'next-auth', 'bench:collector']) expect(text).not.toContain(name);
    expect(text).not.toContain('__HOSTWATCH_VERSION__');
  });

  it('reports the package.json version, written in at build time', () => {
    const run = spawnSync(process.execPath, [bundle, '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it('refuses, at build time, a main bundle that grew or took in what it must not', async () => {
    const { bundleProblems, MAX_BUNDLE_BYTES } = (await import(pathToFileURL(path.join(root, 'scripts', 'build-collector.mjs')).href)) as {
      bundleProblems: BundleProblems;
      MAX_BUNDLE_BYTES: number;
    };
    expect(MAX_BUNDLE_BYTES).toBe(120_000);
    const clean = ['collector/main.ts', 'collector/spool.ts'];
    expect(bundleProblems({ inputs: clean, bytes: 80_000 })).toEqual([]);
    expect(bundleProblems({ inputs: clean, bytes: 120_001 })).toEqual([expect.stringMatching(/120001 bytes, over the 120000-byte bound/)]);
    expect(bundleProblems({ inputs: [...clean, 'node_modules/systeminformation/lib/index.js'], bytes: 1 })).toEqual([expect.stringMatching(/systeminformation/)]);
    expect(bundleProblems({ inputs: [...clean, 'package.json'], bytes: 1 })).toEqual([expect.stringMatching(/package\.json/)]);
    expect(bundleProblems({ inputs: [...clean, 'lib/version.ts'], bytes: 1 })).toEqual([expect.stringMatching(/lib\/version\.ts/)]);
    expect(bundleProblems({ inputs: [...clean, 'node_modules/zod/index.js'], bytes: 1 })).toEqual([expect.stringMatching(/zod/)]);
    // The fallback bundle exists for systeminformation, and that reads its own package.json.
    const si = ['collector/fallback.ts', 'node_modules/systeminformation/lib/index.js', 'node_modules/systeminformation/package.json'];
    expect(bundleProblems({ inputs: si, bytes: 700_000, fallback: true })).toEqual([]);
  });

  it('the fallback bundle stands alone and gives an inventory and samples the server accepts', async () => {
    const fb = (await import(pathToFileURL(fallbackBundle).href)) as Fallback;
    const inventory = await fb.readFallbackInventory();
    expect(systemInfoSchema.safeParse(genericSystemInfo(inventory)).success).toBe(true);
    const sampler = new fb.FallbackSampler();
    await sampler.prime();
    expect('watched' in (await sampler.sample())!.processes).toBe(false);
    // Watched patterns are counted over systeminformation's whole list: this test runs in node, nothing is called the other.
    sampler.setWatch(['node', `${process.pid}-no-such-process`]);
    const sample = await sampler.sample();
    const parsed = sampleSchema.safeParse(sample);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(sample!.memory.total).toBeGreaterThan(0);
    const [node, none] = sample!.processes.watched!;
    expect(node!.count).toBeGreaterThanOrEqual(1);
    expect(none).toEqual({ pattern: `${process.pid}-no-such-process`, count: 0 });
  });

  it('off Linux, the main bundle samples with the fallback bundle beside it, and without it says which file is missing', () => {
    const install = path.join(dir, 'opt');
    rmSync(install, { recursive: true, force: true });
    const run = () => spawnSync(process.execPath, ['--require', path.join(dir, 'off-linux.cjs'), path.join(install, 'hostwatch-collector.mjs'), '--once'], { encoding: 'utf8', timeout: 30_000 });
    mkdirSync(install);
    copyFileSync(bundle, path.join(install, 'hostwatch-collector.mjs'));

    const missing = run();
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`needs ${path.join(install, 'hostwatch-collector-fallback.mjs')} beside it`);

    copyFileSync(fallbackBundle, path.join(install, 'hostwatch-collector-fallback.mjs'));
    const once = run();
    expect(once.status, once.stderr).toBe(0);
    const sample = JSON.parse(once.stdout) as Sample;
    expect(sampleSchema.safeParse(sample).success).toBe(true);
    // The fallback's mark: systeminformation has no context-switch rate, the /proc sampler always has one.
    expect(sample.cpu.ctxtPerSec).toBe(0);
  });

  it('unbundled (vitest, tsx), the loader finds the fallback source instead', async () => {
    const fb = await loadFallback();
    expect(typeof fb.FallbackSampler).toBe('function');
    expect(typeof fb.readFallbackInventory).toBe('function');
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { METRIC_ALIASES } from '@/lib/query/metric-names';

/**
 * Every page and route handler under app/, found on disk, so a route added
 * tomorrow is covered by the "no credentials, no entry" test without anyone
 * remembering to list it.
 */
export interface AppRoute {
  kind: 'page' | 'api';
  /** The file under app/, for failure messages. */
  file: string;
  /** A concrete URL path: dynamic segments filled with placeholders. */
  urlPath: string;
  /** HTTP methods the route file exports (pages: GET). */
  methods: string[];
}

const root = path.resolve(import.meta.dirname, '../../../app');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Concrete values for a dynamic segment whose handler answers only some names
 * (under app/, the folder path up to and including the segment). Each value
 * becomes its own route, so every name behind one file is checked, and
 * `no-such-id` is kept: an unknown name must be refused as firmly.
 */
const SEGMENT_EXAMPLES: Record<string, readonly string[]> = {
  'api/v1/metrics/[name]': METRIC_ALIASES,
};

function segmentToUrl(segments: string[], index: number): string[] {
  const segment = segments[index]!;
  if (/^\(.*\)$/.test(segment)) return ['']; // route group: not in the URL
  if (/^\[\[\.\.\..+\]\]$/.test(segment)) return ['']; // optional catch-all
  if (/^\[\.\.\..+\]$/.test(segment)) return ['any/path']; // catch-all
  if (/^\[.+\]$/.test(segment)) return [...(SEGMENT_EXAMPLES[segments.slice(0, index + 1).join('/')] ?? []), 'no-such-id'];
  return [segment];
}

/** Every URL path the segments stand for: one per combination of example values. */
function urlPaths(segments: string[]): string[] {
  let paths = [''];
  segments.forEach((_, i) => {
    paths = paths.flatMap((p) => segmentToUrl(segments, i).map((v) => (v === '' ? p : `${p}/${v}`)));
  });
  return paths.map((p) => p || '/');
}

export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      found.add(name);
    }
  }
  return METHODS.filter((m) => found.has(m));
}

function walk(dir: string, segments: string[], out: AppRoute[]) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry.startsWith('_')) continue; // private folder: never a route
      walk(full, [...segments, entry], out);
      continue;
    }
    const isPage = /^page\.(tsx|ts|jsx|js)$/.test(entry);
    const isRoute = /^route\.(ts|js)$/.test(entry);
    if (!isPage && !isRoute) continue;
    for (const urlPath of urlPaths(segments)) {
      out.push({
        kind: isPage ? 'page' : 'api',
        file: path.relative(root, full),
        urlPath,
        methods: isPage ? ['GET'] : exportedMethods(readFileSync(full, 'utf8')),
      });
    }
  }
}

export function appRoutes(): AppRoute[] {
  const out: AppRoute[] = [];
  walk(root, [], out);
  return out.sort((a, b) => a.urlPath.localeCompare(b.urlPath));
}

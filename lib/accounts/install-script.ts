import 'server-only';
import { createHash } from 'node:crypto';
import installSh from '@/collector/install.sh?raw';

/**
 * What `/install.sh` and `/hostwatch-collector.mjs` serve, from the build
 * itself: the script and the bundles are imported (`?raw`), so they are part
 * of the server build wherever it runs (`next start` from any directory, a
 * serverless function that has only traced files), never read from the
 * working directory. The bundles are built by `npm run build:collector`,
 * which `npm run build` runs before `next build`.
 */
export type BundleVariant = 'main' | 'fallback';

export interface CollectorBundle {
  bytes: Uint8Array;
  sha256: string;
}

const loaders: Record<BundleVariant, () => Promise<{ default: string }>> = {
  main: () => import('@/dist/hostwatch-collector.mjs?raw'),
  fallback: () => import('@/dist/hostwatch-collector-fallback.mjs?raw'),
};
const bundles = new Map<BundleVariant, Promise<CollectorBundle | null>>();

/** A bundle and its SHA-256 (computed once); null when this build has none. */
export function collectorBundle(variant: BundleVariant): Promise<CollectorBundle | null> {
  let found = bundles.get(variant);
  if (!found) {
    found = loaders[variant]().then(
      ({ default: text }) => {
        // esbuild writes UTF-8 (ASCII but for a literal or two in the fallback), so these are the file's bytes.
        const bytes = new TextEncoder().encode(text);
        return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
      },
      () => null,
    );
    bundles.set(variant, found);
  }
  return found;
}

/**
 * The only URL shape the script may carry: it lands inside a double-quoted
 * shell assignment, so no quote, `$`, backquote, space or backslash can pass
 * (the same rule install.sh applies to --url).
 */
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/;

export type InstallScript = { ok: true; script: string } | { ok: false; message: string };

/**
 * The install script with this server's public URL (NEXTAUTH_URL) as its
 * default `--url` and the bundles' SHA-256 sums it checks downloads against.
 * Never the request's Host or X-Forwarded-Host: anyone can send those, and
 * the script is what an administrator pipes into a root shell. Without a
 * configured URL the script has no default, and asks for --url.
 */
export async function renderInstallScript(publicUrl: string | undefined): Promise<InstallScript> {
  const url = (publicUrl ?? '').replace(/\/+$/, '');
  if (url !== '' && !PLAIN_URL.test(url)) {
    return { ok: false, message: 'NEXTAUTH_URL is not a plain http(s) URL (scheme, host, optional port and path), so the install script cannot carry it.' };
  }
  const [main, fallback] = await Promise.all([collectorBundle('main'), collectorBundle('fallback')]);
  const script = installSh
    .replaceAll('__HOSTWATCH_URL__', url)
    .replaceAll('__HOSTWATCH_BUNDLE_SHA256__', main?.sha256 ?? '')
    .replaceAll('__HOSTWATCH_FALLBACK_SHA256__', fallback?.sha256 ?? '');
  return { ok: true, script };
}

/** Headers on every response; the page CSP (with a per-request nonce) is set in proxy.ts. */
const securityHeaders = [
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const shareHeaders = [
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests included) as its own step before the build.
  typescript: { ignoreBuildErrors: true },
  // `npm run build:standalone`: a self-contained server of only the files the build traced, in its own
  // directory — what a serverless platform runs (read-only) and what the container image copies.
  ...(process.env.HOSTWATCH_BUILD_STANDALONE === '1' ? { output: 'standalone', distDir: '.next-standalone' } : {}),
  // Native and Node-only modules stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', 'ioredis', 'systeminformation'],
  // `import text from '…?raw'`: the file's contents as a string inside the server build. The install script and
  // the collector bundles are served that way (lib/accounts/install-script.ts), so no route reads a file relative
  // to the directory the server was started in, and a serverless build carries them too.
  turbopack: {
    rules: {
      '*.sh': { condition: { query: '?raw' }, type: 'raw' },
      '*.mjs': { condition: { query: '?raw' }, type: 'raw' },
    },
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // API answers are data, never documents to render or frame.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
      // Share links carry their token in the URL: no Referer leaves them, and no search engine keeps them (last rule wins).
      { source: '/share/:path*', headers: shareHeaders },
      { source: '/api/v1/share/:path*', headers: shareHeaders },
      // HSTS only when the request reached us over https (a TLS proxy or the platform says so).
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }],
      },
    ];
  },
};

export default nextConfig;

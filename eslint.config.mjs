import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/*
 * The import table of docs/ARCHITECTURE.md, enforced. Each layer lists what
 * it must not import; a file belongs to exactly one layer, so the rules never
 * override each other. `types: true` lets a layer still import types from
 * there (they are erased: a browser module may describe an API answer).
 */
const SERVER = String.raw`^@/lib/(store|http|query|auth|accounts|shares|ingest|pages|notify|alerting|export)(/|$)|^@/lib/config$|^server-only$`;
const UP_TO_APP = String.raw`^@/app/`;

const layers = [
  {
    name: 'collector',
    files: ['collector/**'],
    forbid: [String.raw`^@/(?!lib/wire/)`, String.raw`^(\.\./)+(app/|lib/(?!wire/))`],
    why: 'the collector is bundled alone onto every server: it may import only the wire contract (lib/wire)',
  },
  {
    name: 'pure core',
    files: ['lib/wire/**', 'lib/metrics/**', 'lib/format/**', 'lib/alerts/**'],
    forbid: [String.raw`^@/(?!lib/(wire|metrics|format|alerts)/)`, String.raw`^(server-only|next)(/|$)`],
    why: 'the pure core (wire contract, series registry and metrics math, formatting, alert rules and their state machine) imports no store, service, HTTP or UI code',
  },
  {
    name: 'browser',
    files: ['lib/ui/**'],
    forbid: [SERVER, UP_TO_APP],
    types: true,
    why: 'lib/ui runs in the browser: no server module (types of API answers are fine)',
  },
  {
    name: 'store',
    files: ['lib/store/**'],
    forbid: [String.raw`^@/lib/(http|query|auth|accounts|shares|ingest|pages|ui|notify|alerting|export)/`, UP_TO_APP, String.raw`^next(/|$)`],
    why: 'store backends know no use case, no HTTP and no UI: they store what lib/ asks',
  },
  {
    name: 'notify',
    files: ['lib/notify/**'],
    forbid: [String.raw`^@/lib/(store|http|query|auth|accounts|shares|ingest|pages|ui|alerting)(/|$)`, UP_TO_APP, String.raw`^next(/|$)`],
    why: 'notification channels only send: they get a rendered message and a channel config, and know no store, use case or HTTP route',
  },
  {
    name: 'use cases',
    files: ['lib/query/**', 'lib/accounts/**', 'lib/shares/**', 'lib/ingest/**', 'lib/auth/**', 'lib/alerting/**'],
    forbid: [String.raw`^@/lib/(ui|pages)/`, UP_TO_APP],
    why: 'server use cases import no browser code (lib/ui) and no page',
  },
  {
    name: 'export',
    files: ['lib/export/**'],
    forbid: [String.raw`^@/lib/(ui|pages|http|accounts|shares|notify)(/|$)`, UP_TO_APP, String.raw`^next(/|$)`],
    why: 'exporters read the store and the registry and write formats; HTTP stays in the route, no UI',
  },
  {
    name: 'http',
    files: ['lib/http/**'],
    forbid: [String.raw`^@/lib/(ui|pages)/`, UP_TO_APP],
    why: 'the HTTP edge maps requests to lib/ calls; it imports no UI and no page',
  },
  {
    name: 'pages',
    files: ['lib/pages/**'],
    forbid: [UP_TO_APP],
    why: 'page loaders serve app/ pages; they import no page or component',
  },
  {
    name: 'app',
    files: ['app/**', 'proxy.ts'],
    forbid: [String.raw`^@/lib/store(/|$)`],
    types: true,
    why: 'pages and routes get data through lib/ (route handlers through lib/http/route.ts, pages through lib/pages), never from the store',
  },
];

const boundaries = layers.map(({ name, files, forbid, types = false, why }) => ({
  name: `boundaries/${name}`,
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: forbid.map((regex) => ({ regex, message: `Boundary: ${why}.`, allowTypeImports: types })) }],
  },
}));

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  ...boundaries,
  globalIgnores(['.next/**', '.next-standalone/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.data/**']),
]);

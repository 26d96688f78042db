import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * docs/ARCHITECTURE.md's import table is a lint rule: each case lints one
 * line of code as if it were a file of that folder, with the project's own
 * eslint.config.mjs, and expects the boundary rule to fire (or not).
 */
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const cases: [file: string, code: string, refused: boolean][] = [
  ['collector/x-probe.ts', "import { config } from '../lib/config';", true],
  ['collector/x-probe.ts', "import { getStore } from '@/lib/store';", true],
  ['collector/x-probe.ts', "import type { Sample } from '../lib/wire/contract';", false],
  ['lib/metrics/x-probe.ts', "import { getStore } from '@/lib/store';", true],
  ['lib/metrics/x-probe.ts', "import type { HostState } from '@/lib/store/types';", true],
  ['lib/metrics/x-probe.ts', "import { badRequest } from '@/lib/http/http-error';", true],
  ['lib/metrics/x-probe.ts', "import { MAX_BYTES } from '@/lib/wire/limits';", false],
  ['lib/ui/x-probe.ts', "import { getStore } from '@/lib/store';", true],
  ['lib/ui/x-probe.ts', "import { series } from '@/lib/query/read-api';", true],
  ['lib/ui/x-probe.ts', "import type { FleetEntry } from '@/lib/query/host-view';", false],
  ['lib/store/x-probe.ts', "import { series } from '@/lib/query/read-api';", true],
  ['lib/store/x-probe.ts', "import { jsonError } from '@/lib/http/errors';", true],
  ['lib/query/x-probe.ts', "import { CHARTS } from '@/lib/ui/chart-specs';", true],
  ['lib/query/x-probe.ts', "import { getStore } from '@/lib/store';", false],
  ['lib/alerts/x-probe.ts', "import { getStore } from '@/lib/store';", true],
  ['lib/alerts/x-probe.ts', "import { METRICS } from '@/lib/metrics/registry';", false],
  ['lib/notify/x-probe.ts', "import { getStore } from '@/lib/store';", true],
  ['lib/notify/x-probe.ts', "import type { AlertEvent } from '@/lib/alerts/schemas';", false],
  ['lib/alerting/x-probe.ts', "import { getStore } from '@/lib/store';", false],
  ['lib/alerting/x-probe.ts', "import { CHARTS } from '@/lib/ui/chart-specs';", true],
  ['lib/export/x-probe.ts', "import { CHARTS } from '@/lib/ui/chart-specs';", true],
  ['lib/export/x-probe.ts', "import { errorResponse } from '@/lib/http/error-response';", true],
  ['lib/export/x-probe.ts', "import type { Store } from '@/lib/store/types';", false],
  ['lib/store/x-probe.ts', "import { healthCounters } from '@/lib/export/health-metrics';", true],
  ['lib/ui/x-probe.ts', "import { NAMED_SERIES } from '@/lib/export/names';", true],
  ['app/x-probe/page.tsx', "import { getStore } from '@/lib/store';", true],
  ['app/x-probe/page.tsx', "import type { Store } from '@/lib/store/types';", false],
  ['app/x-probe/page.tsx', "import { loadFleetPage } from '@/lib/pages/dashboard';", false],
];

describe('import boundaries', () => {
  it.each(cases)('%s: %s → refused %s', async (file, code, refused) => {
    const errors = await boundaryErrors(file, code);
    if (refused) expect(errors.join('\n')).toMatch(/Boundary: /);
    else expect(errors).toEqual([]);
  });
});

import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
// `server-only` throws outside React server bundles; under vitest the server modules are plain Node.
const alias = {
  '@': root,
  'server-only': path.join(root, 'tests/support/empty-module.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration suites start real servers; one file at a time keeps ports and CPU calm on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of workspace packages (the `source` export
// condition), so a test never sees a stale build; the CLI subprocess tests use the built dist.
// Vite's default server conditions, with `source` first.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'bench/chaos/**/*.test.ts', 'scripts/test/**/*.test.ts'], exclude: ['**/node_modules/**'],
    // e2e tests deploy real venvs; on a loaded 2-core machine some take over 2 minutes
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});

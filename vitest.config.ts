import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const at = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Workspace packages resolve to their TypeScript sources, so tests never depend on a stale
// build. Order matters: the sub-path entry must come before the package root.
const alias = [
  { find: /^@rmm-hub\/core\/plugin$/, replacement: at('./core/src/plugin-api.ts') },
  { find: /^@rmm-hub\/core$/, replacement: at('./core/src/index.ts') },
  { find: /^@rmm-hub\/store-sqlite$/, replacement: at('./packages/store-sqlite/src/index.ts') },
  { find: /^@rmm-hub\/store-postgres$/, replacement: at('./packages/store-postgres/src/index.ts') },
  { find: /^@rmm-hub\/simulators$/, replacement: at('./packages/simulators/src/index.ts') },
  { find: /^@rmm-hub\/plugin-testkit$/, replacement: at('./packages/plugin-testkit/src/index.ts') },
  { find: /^@rmm-hub\/store-testkit$/, replacement: at('./packages/store-testkit/src/index.ts') },
  { find: /^@rmm-hub\/plugin-ncentral$/, replacement: at('./plugins/ncentral/src/index.ts') },
  { find: /^@rmm-hub\/plugin-cw-automate$/, replacement: at('./plugins/cw-automate/src/index.ts') },
  { find: /^@rmm-hub\/plugin-example$/, replacement: at('./plugins/example/src/index.ts') },
  { find: /^@rmm-hub\/worker$/, replacement: at('./packages/worker/src/index.ts') },
  { find: /^@rmm-hub\/hub$/, replacement: at('./packages/hub/src/index.ts') },
  { find: /^@rmm-hub\/server$/, replacement: at('./packages/server/src/index.ts') },
  { find: /^@rmm-hub\/cli$/, replacement: at('./packages/cli/src/index.ts') },
];

export default defineConfig({
  resolve: { alias },
  test: {
    // Vitest 4 no longer skips compiled output; without this every test would run twice.
    exclude: ['**/node_modules/**', '**/dist/**'],
    // tsyringe throws at import unless reflect-metadata is loaded first.
    setupFiles: [at('./test/setup.ts')],
    // Shared 2-core machines: keep suites that start servers from starving each other.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['core/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', 'packages/store-postgres/**', 'packages/*/src/**/*.postgres.test.ts'],
          // Unit tests share no global state (nothing mocks modules or stubs globals; lint keeps
          // it so), so the files of one worker share one module graph instead of importing the
          // sources afresh each: importing was most of this project's time (docs/performance.md).
          isolate: false,
        },
      },
      {
        extends: true,
        // Isolation off as in the unit project; the reliability suites keep it: they hang,
        // crash and block plugins on purpose.
        test: { name: 'e2e', include: ['test/**/*.test.ts', 'examples/*/src/**/*.test.ts'], exclude: ['**/node_modules/**', '**/dist/**', 'test/reliability/**', 'test/**/*.postgres.test.ts'], isolate: false },
      },
      {
        extends: true,
        // The PostgreSQL store's tests and the cross-package ones on PostgreSQL (`*.postgres.test.ts`),
        // against one real server per run: the global setup starts
        // it (or takes RMM_TEST_PG_URL) only when this project has files to run, and each test
        // file gets a database of its own.
        test: {
          name: 'postgres',
          include: ['packages/store-postgres/src/**/*.test.ts', 'packages/*/src/**/*.postgres.test.ts', 'test/**/*.postgres.test.ts'],
          globalSetup: [at('./packages/store-postgres/src/test-support/global-setup.ts')],
          isolate: false,
        },
      },
      {
        extends: true,
        // Isolation off too. What these suites hang, crash or block on purpose is either a
        // child process (the built CLI, killed or frozen) or a plugin call the host abandons,
        // which leaves a promise that never settles and costs the next file nothing.
        // Their PostgreSQL twins (`*.postgres.test.ts`) run in the postgres project, on its server.
        test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], exclude: ['**/node_modules/**', '**/dist/**', 'test/reliability/**/*.postgres.test.ts'], isolate: false },
      },
    ],
  },
});

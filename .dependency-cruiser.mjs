/**
 * The architecture rules of ARCHITECTURE.md ("Dependencies"), checked by `npm run lint`.
 * Paths are relative to the repository root; `@rmm-hub/*` imports resolve to the packages'
 * built entries (dist/), so a deep import into another package's src/ shows up as such.
 */
const ENGINES = '^core/src/(linking|identification|agent-actions)/';
const TESTS = '\\.test(\\.helper)?\\.ts$|/test-harness\\.ts$|/test-agents\\.ts$';

export default {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'Files never import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders never depend on each other both ways: put what both need in a third (e.g. an engine\'s model/).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engines-stay-inside-core',
      comment: 'An engine (linking, identification, agent-actions) never imports a store implementation, the host, the CLI or a plugin: it reaches storage through its own port and the foundation store ports, and RMMs through callbacks its wiring (sync/wire-engines.ts) gives it.',
      severity: 'error',
      from: { path: ENGINES },
      to: { path: ['^core/src/host/', '^(packages/(store-sqlite|store-postgres|cli)|plugins)/', '^@rmm-hub/(store-sqlite|store-postgres|cli|plugin-)', '(^|/)(better-sqlite3|pg)$'] },
    },
    {
      name: 'core-never-imports-an-implementation',
      comment: 'Nothing in core imports a store implementation, the CLI or a plugin; they depend on core, not the other way round.',
      severity: 'error',
      from: { path: '^core/src/' },
      to: { path: ['^(packages|plugins)/', '^@rmm-hub/(?!core)', '(^|/)(better-sqlite3|pg)$'] },
    },
    {
      name: 'stores-use-engine-models-only',
      comment: 'The foundation store ports may use an engine\'s model (its records) and port (what it needs from storage), never its internals.',
      severity: 'error',
      from: { path: '^core/src/store/' },
      to: { path: ENGINES, pathNot: '^core/src/(linking|identification|agent-actions)/(model|port)/' },
    },
    {
      name: 'engine-ports-speak-models-only',
      comment: 'An engine\'s port is written in its records: it imports its own model (and the capability contract), never the engine\'s internals, the store or another engine.',
      severity: 'error',
      from: { path: '^core/src/(linking|identification|agent-actions)/port/' },
      to: { path: '^core/src/', pathNot: ['^core/src/$1/(model|port)/', '^core/src/capabilities/'] },
    },
    {
      name: 'foundation-store-knows-no-engine-port',
      comment: 'core/src/store keeps the foundation repositories (clients, agents, sync runs, audit); an engine declares its own port beside it, so only the Store that composes them (store.ts) names one.',
      severity: 'error',
      from: { path: '^core/src/store/', pathNot: '^core/src/store/store\\.ts$' },
      to: { path: '^core/src/(linking|identification|agent-actions)/port/' },
    },
    {
      name: 'stores-use-core-entry',
      comment: 'A store imports core through its package entry (@rmm-hub/core), never a file of core.',
      severity: 'error',
      from: { path: '^packages/store-(sqlite|postgres)/src/' },
      to: { path: '^core/', pathNot: '^core/dist/index\\.(js|d\\.ts)$' },
    },
    {
      name: 'store-testkit-knows-only-the-port',
      comment: 'The Store conformance suite speaks only the Store port, through @rmm-hub/core\'s entry: it never imports a file of core or a store implementation, so every store is held to the same words.',
      severity: 'error',
      from: { path: '^packages/store-testkit/src/' },
      to: { path: ['^core/', '^packages/(?!store-testkit/)', '^@rmm-hub/(?!core$)', '(^|/)better-sqlite3'], pathNot: '^core/dist/index\\.(js|d\\.ts)$' },
    },
    {
      name: 'stores-are-apart',
      comment: 'Each store implements core\'s ports on its own: one store never imports another (the conformance testkit is no store: every store is held to it).',
      severity: 'error',
      from: { path: '^packages/(store-[^/]+)/src/' },
      to: { path: ['^packages/store-', '^@rmm-hub/store-'], pathNot: ['^packages/$1/', '^packages/store-testkit/', '^@rmm-hub/store-testkit'] },
    },
    {
      name: 'migrations-run-no-core-code',
      comment: 'A store migration is what the data became at its version: it may use core\'s types, never call its code (an engine\'s function would change under it).',
      severity: 'error',
      from: { path: '^packages/store-(sqlite|postgres)/src/migrations/' },
      to: { path: '^core/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'plugins-use-the-plugin-entry',
      comment: 'A plugin imports only @rmm-hub/core/plugin of ours (its tests may use the test kit and the simulators).',
      severity: 'error',
      from: { path: '^plugins/[^/]+/src/', pathNot: TESTS },
      to: { path: ['^core/', '^packages/', '^@rmm-hub/'], pathNot: '^core/dist/plugin-api\\.(js|d\\.ts)$' },
    },
  ],
  options: {
    // Built output is where @rmm-hub/* imports land: kept as leaves so the rules see them, not crawled.
    doNotFollow: { path: '(^|/)(dist|node_modules)/' },
    exclude: { path: '(^|/)node_modules/|^test/dist/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
  },
};

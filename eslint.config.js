// ESLint flat config. Type-aware rules are left out on purpose: they need the type checker on
// every file and would double CI time on 2 cores; `tsc -b` already checks types strictly.
import js from '@eslint/js';
import nodePlugin from 'eslint-plugin-n';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', 'test/bench/results.json', 'docs/api/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Makes consistent-type-imports decorator-aware (legacy decorators, tsyringe).
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    plugins: { n: nodePlugin },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      'n/prefer-node-protocol': 'error',
      'no-restricted-globals': ['error', 'require', '__dirname', '__filename'],
    },
  },
  {
    // Library code logs through the injected logger, never the console.
    files: ['core/src/**/*.ts', 'plugins/*/src/**/*.ts', 'packages/store-sqlite/src/**/*.ts', 'packages/store-postgres/src/**/*.ts', 'packages/hub/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Every project runs without isolation (vitest.config.ts): a file that replaced a module or
    // a global would change it for every later file of its worker.
    files: ['core/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock|unmock|stubGlobal|stubEnv|resetModules)$/]",
          message: 'Tests share their worker\'s modules and globals (isolate: false in vitest.config.ts): inject the dependency instead, or start a child process for what needs its own.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);

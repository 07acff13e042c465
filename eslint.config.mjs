// ESLint for the TypeScript sources, tests, examples, benches and scripts (run by scripts/test.sh).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', '.cache/**', '**/.cache/**', 'reports/**', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', NodeJS: 'readonly' } },
  },
  {
    // Errors are made through deployError() (packages/core/src/errors/catalogue.ts lists every code).
    files: ['packages/*/src/**/*.ts', 'examples/**/src/**/*.ts'],
    ignores: ['packages/core/src/errors/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='DeployError']", message: 'Create errors with deployError(code, message, options); every code is in ERROR_CATALOGUE.' }],
    },
  },
);

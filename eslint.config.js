// Lint rules: typescript-eslint's recommended set plus the house rules that
// keep src/ browser-safe and deterministic (see ../shared/STYLE.md §3, §10).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**', 'results/**', '.cache/**', 'assembly/**', 'src/**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['bin/**/*.js', '*.cjs', '*.js', 'scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/node/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded Rng from src/util.' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'worker_threads', 'os', 'child_process'], message: 'src/ must run in a browser; Node-only code goes in src/node/.' }] }],
      'no-restricted-globals': ['error', 'process', 'require', '__dirname', 'Buffer'],
    },
  },
  {
    // The default generator is for users' scripts (new Linear(784, 64)); the library's own code and the
    // experiments pass an explicit rng, so their results never depend on hidden global state.
    files: ['src/**/*.ts', 'experiments/**/*.ts', 'cli/**/*.ts'],
    ignores: ['src/util/rng.ts', 'src/util/index.ts', 'src/index.ts', 'src/nn/linear.ts', 'src/nn/conv.ts', 'src/nn/dropout.ts', 'src/nn/lora.ts', 'src/nn/rnn-cell.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'Identifier[name=/^(defaultRng|manualSeed)$/]', message: 'Pass an explicit rng: defaultRng / manualSeed are for user scripts only.' }],
    },
  },
);

// Lint: type-aware rules the team relies on (no any, no floating promises, type-only imports),
// plus the layering rule of architecture.md: shared/ imports nothing from main/ or renderer/,
// and neither side imports the other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', 'bench/out/', '.notes/', 'bin/', 'scripts/*.js', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/**', '**/renderer/**'], message: 'shared/ is pure: it imports nothing from main/ or renderer/.' },
        { group: ['node:*', 'electron', 'react', 'better-sqlite3'], message: 'shared/ is pure: no Node, Electron or React.' },
      ] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/**'], message: 'The renderer talks to main only through the typed API client.' },
        { group: ['node:*', 'electron', 'better-sqlite3'], message: 'The renderer runs sandboxed: no Node or Electron modules.' },
      ] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/renderer/**'], message: 'main/ never imports renderer code.' },
      ] }],
    },
  },
);

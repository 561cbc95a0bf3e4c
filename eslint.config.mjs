// ESLint over all TypeScript: typescript-eslint's recommended rules, and the Rules of Hooks for the
// renderer. Formatting is Prettier's (`npm run lint` checks both); line length is tools/check-line-length.mjs.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/**', 'build/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A `let` a closure reads before the one assignment (a server's state made after listen) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A leading underscore says "unused on purpose" (a handler's unused argument, a rest sibling).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read untyped JSON answers of fake tenants and child processes.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);

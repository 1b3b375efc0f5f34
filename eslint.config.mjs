import tseslint from 'typescript-eslint'
import layers from './eslint/layers.mjs'

// The lint `npm test` runs: the rooms of the code (eslint/rooms.mjs) and nothing stylistic —
// formatting is prettier's, types are tsc's.
export default [
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.tools/**', 'test-results/**', 'build/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } } },
    plugins: { layers },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'layers/rooms': 'error' },
  },
]

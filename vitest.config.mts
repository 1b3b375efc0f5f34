import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src-*/**/*.spec.ts', 'src-*/**/*.spec.tsx', 'hub/**/*.spec.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Native addons (better-sqlite3, keyring) are safest in child processes.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})

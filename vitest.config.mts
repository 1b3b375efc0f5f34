import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src-*/**/*.spec.ts', 'src-*/**/*.spec.tsx', 'hub/**/*.spec.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Native addons (better-sqlite3, keyring) are safest in child processes.
    pool: 'forks',
    // Day counts ("expires in 3 days") and dates are calendar days in the local zone; one zone for
    // every machine keeps a developer's laptop and CI agreeing. Chromium inherits it from the env.
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})

import { defineConfig } from 'vitest/config'

// Browser end-to-end tests: build the e2e renderer first (npm run build:e2e), then
//   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    pool: 'forks',
    // Day counts ("expires in 3 days") and dates are calendar days in the local zone; one zone for
    // every machine keeps a developer's laptop and CI agreeing. Chromium inherits it from the env.
    env: { TZ: 'UTC' },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
})

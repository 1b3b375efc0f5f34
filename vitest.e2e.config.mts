import { defineConfig } from 'vitest/config'

// Browser end-to-end tests: build the e2e renderer first (npm run build:e2e), then
//   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
})

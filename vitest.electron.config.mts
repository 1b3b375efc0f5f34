import { defineConfig } from 'vitest/config'

// The real-Electron smoke test (test/electron/), only where Electron's binary exists:
//   npm run build && npm run test:electron
// Never part of `npm test` (see the README's "The desktop, per OS").
export default defineConfig({
  test: {
    include: ['test/electron/**/*.electron.ts'],
    pool: 'forks',
    env: { TZ: 'UTC' },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})

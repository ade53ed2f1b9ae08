import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    setupFiles: ['packages/testing/src/cleanup-after-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files run in parallel against one database; each test creates its own rows (unique ids/emails).
    pool: 'forks',
    maxWorkers: 2,
  },
})

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Lives in test/ because the package's top level is kept to the files the project layout names.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['broker/**/*.test.ts', 'lib/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // builds dist/ once so test/e2e spawns the built CLI
    globalSetup: ['test/support/build.ts'],
    env: { PACT_DO_NOT_TRACK: 'true' },
  },
})

import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Docker and registry tests share one engine and two cores.
    maxWorkers: 2,
    minWorkers: 1,
    // Hermetic git: generation commits, and a fresh machine has no identity configured.
    env: {
      // Packs installed or checked out by tests stay out of the user's cache.
      OPSMITH_CACHE_DIR: path.join(os.tmpdir(), 'opsmith-test-cache'),
      GIT_AUTHOR_NAME: 'opsmith test',
      GIT_AUTHOR_EMAIL: 'test@opsmith.invalid',
      GIT_COMMITTER_NAME: 'opsmith test',
      GIT_COMMITTER_EMAIL: 'test@opsmith.invalid',
    },
  },
})

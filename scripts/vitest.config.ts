import { defineConfig } from 'vitest/config';

// Tests of the operations scripts (process supervisor, backup and restore, production files):
// each drives the real script against real Postgres, Redis and the built services.
export default defineConfig({
  resolve: { conditions: ['@rlcoach/source'] },
  ssr: { resolve: { conditions: ['@rlcoach/source'] } },
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@rlcoach/source'] },
  ssr: { resolve: { conditions: ['@rlcoach/source'] } },
  test: {
    name: 'db',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

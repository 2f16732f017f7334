import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@rlcoach/source'] },
  ssr: { resolve: { conditions: ['@rlcoach/source'] } },
  test: {
    name: 'worker',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests of pure $lib modules plus the end-to-end test, which drives the real
// built processes (realtime, worker, web) from Chromium. No SvelteKit plugin needed.
export default defineConfig({
  resolve: {
    conditions: ['@rlcoach/source'],
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  ssr: { resolve: { conditions: ['@rlcoach/source'] } },
  test: {
    name: 'web',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

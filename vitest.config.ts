import { defineConfig } from 'vitest/config';

// One run over every workspace; each package keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['parser', 'db', 'worker', 'realtime', 'web', 'scripts'],
  },
});

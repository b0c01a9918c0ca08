import { defineConfig } from 'vitest/config';

// The end-to-end tests: one file, its steps in order (the story of a
// contract), against the whole system that e2e/global-setup.ts starts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});

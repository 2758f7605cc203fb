import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end files each start their own moto_server; keep the 2-core CI machine calm.
    maxWorkers: 2,
  },
});

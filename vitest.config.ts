import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Child `talsim` processes run the TypeScript sources, so tests never see a stale dist/ build.
    env: { TALSIM_FROM_SOURCE: '1' },
  },
});

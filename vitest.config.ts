import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Every file fails when a plain Error reached a caller as Unknown (a bug, not a Talos answer).
    setupFiles: ['test/setup/untyped-errors.ts'],
    // Child `talsim` processes run the TypeScript sources, so tests never see a stale dist/ build.
    env: { TALSIM_FROM_SOURCE: '1' },
  },
});

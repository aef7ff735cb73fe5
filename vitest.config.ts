import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Every file fails when a plain Error reached a caller as Unknown (a bug, not a Talos answer).
    setupFiles: ['test/setup/untyped-errors.ts'],
    // Child `talsim` processes run dist/ when it is current (as CI's `npm ci` builds it), the
    // TypeScript sources otherwise: the tests never see a stale build (bin/talsim.js).
    env: { TALSIM_FROM_SOURCE: 'auto' },
  },
});

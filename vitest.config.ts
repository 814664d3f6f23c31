import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    // Ink renders only the final frame when it sees CI set; the UI tests (and the
    // app they start in tmux) must render live as they do for a person at a terminal.
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0' },
  },
});

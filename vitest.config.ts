import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // a run-wide folder for the one real Apache Kafka broker the Kafka suites share (started lazily)
    globalSetup: ['test/helpers/kafka-global-setup.ts'],
  },
});

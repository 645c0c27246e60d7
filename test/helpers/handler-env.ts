/** A deployed handler's test setup (not a test file itself). */
import { afterEach } from 'vitest';

/**
 * After each test: closes the handler (it keeps its connections between invocations, as on
 * Lambda) and puts back the environment the test changed (its CONFLUX_* settings).
 */
export function resetAfterEach(handler: { close(): Promise<void> }): void {
  const saved = { ...process.env };
  afterEach(async () => {
    await handler.close();
    process.env = { ...saved };
  });
}

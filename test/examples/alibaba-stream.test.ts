import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlibabaBench, startAlibabaBench } from '../bus/emulator/alibaba/setup.js';

const run = promisify(execFile);
let bench: AlibabaBench;
afterEach(async () => {
  await bench?.close();
});

describe('examples/alibaba-stream.ts', () => {
  it('runs as written against the emulator: the stream it makes filters and renders orders', async () => {
    bench = await startAlibabaBench();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/alibaba-stream.ts'], {
      env: { ...process.env, CONFLUX_ALIBABA_ENDPOINT: `127.0.0.1:${bench.streams.port}` },
    });
    expect(stdout.trim()).toBe('paid-orders RUNNING');
    await bench.produce('orders', [
      { id: 1, status: 'paid' },
      { id: 2, status: 'new' },
    ]);
    expect(await bench.topicWhen('paid-orders', 1)).toEqual(['order 1 is paid']);
  });

  it('is the snippet the README shows', async () => {
    const [readme, example] = await Promise.all([
      readFile('README.md', 'utf8'),
      readFile('examples/alibaba-stream.ts', 'utf8'),
    ]);
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, spawnCli, waitFor } from '../../../helpers/process.js';

const config = `version: 1
tasks:
  - name: orders-hook
    source: { type: http, path: /hooks/orders, token: s3cret }
    filter: { data: { body: { status: [paid] } } }
    sink: { type: file, path: out/orders.jsonl }
`;

interface Line {
  id: string;
  type: string;
  source: string;
  data: { path: string; httpMethod: string; headers: Record<string, string>; body: { n: number; status: string } };
}

describe('conflux run with an HTTP source, end to end', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it('turns authorised POSTs into events, answers each once its line is written, and stops cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-http-e2e-'));
    await writeFile(join(dir, 'conflux.yaml'), config);
    const cli = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    running = cli;
    // the port is known only from the startup line (another process: nothing to await but its output)
    let port = 0;
    await waitFor(() => {
      port = Number(/conflux emulator on http:\/\/127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1] ?? 0);
      return port > 0 || cli.child.exitCode !== null;
    }, 'the emulator to start');
    expect(port, cli.stderr()).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/hooks/orders`;
    const headers = { authorization: 'Bearer s3cret', 'content-type': 'application/json' };

    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const body = { n, status: n % 2 === 0 ? 'paid' : 'new' };
        const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
        return { n, status: response.status, id: ((await response.json()) as { id: string }).id };
      }),
    );
    // every request is answered 200 once committed, the filtered-out ones too
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const lines = (await readFile(join(dir, 'out/orders.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
    expect(lines.map((l) => l.data.body.n).sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    const byN = new Map(answers.map((a) => [a.n, a.id]));
    for (const line of lines) {
      expect(line).toMatchObject({
        type: 'eventbridge:Events:HTTPEvent',
        source: 'orders-hook',
        id: byN.get(line.data.body.n),
      });
      expect(line.data).toMatchObject({ path: '/hooks/orders', httpMethod: 'POST' });
      expect(line.data.headers).not.toHaveProperty('authorization');
    }

    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(url, { headers })).status).toBe(405);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});

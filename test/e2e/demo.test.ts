import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

describe('npm start (conflux demo)', () => {
  it('feeds sample orders, delivers the paid ones to the file and the big ones to stdout, then says where to look', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-demo-'));
    const result = await runCliProcess(['demo', '--events', '12', '--interval-ms', '0', '--port', '0'], { cwd: dir });
    expect(result.code).toBe(0);
    const produced = [...result.stdout.matchAll(/produced (ORD-\d+) \((\w+), ([\d.]+) USD\)/g)];
    expect(produced).toHaveLength(12);
    const paid = produced.filter((m) => m[2] === 'paid').map((m) => m[1]);
    const file = await readFile(join(dir, '.conflux/demo/paid-orders.txt'), 'utf8');
    const delivered = file
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[1]);
    expect(delivered.sort()).toEqual(paid.sort()); // orders spread over partitions: compare as sets
    const big = produced.filter((m) => Number(m[3]) >= 300).length;
    expect(result.stdout.match(/→ stdout sink: \{/g) ?? []).toHaveLength(big);
    expect(result.stdout).toContain('Where to look next');
  });

  it('stops cleanly on Ctrl-C (SIGINT) while feeding, and resumes numbering on the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-demo-'));
    const demo = spawnCli(['demo', '--interval-ms', '20', '--port', '0'], { cwd: dir });
    await waitFor(() => (demo.stdout().match(/produced ORD-/g) ?? []).length >= 3, 'three produced orders');
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(demo.stdout()).toContain('stopped. Where to look next');
    const last = Math.max(...[...demo.stdout().matchAll(/produced ORD-(\d+)/g)].map((m) => Number(m[1])));
    const again = await runCliProcess(['demo', '--events', '1', '--interval-ms', '0', '--port', '0'], { cwd: dir });
    expect(again.stdout).toContain(`produced ORD-${String(last + 1).padStart(5, '0')}`);
  });
});

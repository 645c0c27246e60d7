import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectorCatalog } from '../../functions/catalog.js';
import { connectorTable, renderConnectorTables } from '../../functions/catalog-markdown.js';
import { runCli } from '../helpers/cli.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe("README's connector tables", () => {
  it('are what the registry renders (else: run conflux docs connectors)', async () => {
    const readme = await readFile(README, 'utf8');
    const rendered = renderConnectorTables(readme, connectorCatalog());
    expect(readme === rendered, "README.md's connector tables are out of date: run conflux docs connectors").toBe(true);
  });

  it('list every type and field of the registry, required ones starred and secrets marked', () => {
    const sinks = connectorTable(connectorCatalog(), 'sink');
    expect(sinks).toContain(
      '| `redis` | Writes each payload to Redis: a string, a list, a stream or a pub/sub channel. | `url` (default `redis://127.0.0.1:6379`), `command`\\* (set \\| lpush \\| rpush \\| xadd \\| publish), `key`\\*, `ttlSeconds`, `field` (default `payload`), `maxLength` |',
    );
    expect(sinks).toContain('`password` (secret)');
    for (const connector of connectorCatalog())
      for (const field of connector.fields)
        expect(connectorTable(connectorCatalog(), connector.role), `${connector.type}.${field.name}`).toContain(
          `\`${field.name}\``,
        );
  });

  it('conflux docs connectors --check fails on a stale file naming the command, and the command fixes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-docs-'));
    const copy = join(dir, 'README.md');
    await copyFile(README, copy);
    const stale = (await readFile(copy, 'utf8')).replace(
      /^\| `redis` \| Writes each payload .*$/m,
      '| `redis` | old | old |',
    );
    await writeFile(copy, stale);
    const check = await runCli(['docs', 'connectors', '--check', 'README.md'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toBe(
      'README.md: the connector tables are out of date; run: conflux docs connectors README.md\n',
    );
    expect(await runCli(['docs', 'connectors', 'README.md'], { cwd: dir })).toMatchObject({ code: 0 });
    expect(await readFile(copy, 'utf8')).toBe(await readFile(README, 'utf8'));
    expect((await runCli(['docs', 'connectors', '--check', 'README.md'], { cwd: dir })).code).toBe(0);
  });

  it('names the markers a file lacks', () => {
    expect(() => renderConnectorTables('# no tables\n', connectorCatalog())).toThrow(
      'README.md lacks the markers <!-- connectors:sources --> … <!-- /connectors:sources -->',
    );
  });
});

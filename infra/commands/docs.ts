import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { connectorCatalog } from '../../functions/catalog.js';
import { renderConnectorTables } from '../../functions/catalog-markdown.js';
import { type Command, parseFlags, UsageError } from './command.js';

/**
 * `conflux docs connectors [--check] [README.md]`: renders the README's source and sink tables
 * from the registry (functions/catalog.ts); `--check` only says whether the file is up to date (exit 1 if not).
 */
export const command: Command = {
  name: 'docs',
  summary: "render the README's connector tables from the registry (--check: fail when out of date)",
  usage: 'conflux docs connectors [--check] [README.md]',
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { check: { type: 'boolean' } });
    const [what, file = 'README.md', ...extra] = positionals;
    if (what !== 'connectors' || extra.length > 0) throw new UsageError('the only docs are: connectors');
    const path = resolve(io.cwd, file);
    const before = await readFile(path, 'utf8');
    const after = renderConnectorTables(before, connectorCatalog());
    if (values.check) {
      if (after === before) return 0;
      io.stderr.write(`${file}: the connector tables are out of date; run: conflux docs connectors ${file}\n`);
      return 1;
    }
    if (after !== before) await writeFile(path, after);
    io.stdout.write(`${file}: connector tables ${after === before ? 'already up to date' : 'rendered'}\n`);
    return 0;
  },
};

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temp folder with handler files: `record.mjs#handler` appends each call's event (as received,
 * one line) to `calls.jsonl`; `hangsOnce` hangs on its first call, then records; the others fail or hang.
 */
export async function handlerDir() {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-function-sink-'));
  const calls = join(dir, 'calls.jsonl');
  await writeFile(
    join(dir, 'record.mjs'),
    `import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
export const hangsOnce = async (event, context) => {
  const marker = ${JSON.stringify(join(dir, 'hung'))};
  if (!existsSync(marker)) {
    writeFileSync(marker, '');
    return new Promise(() => {});
  }
  return handler(event, context);
};
export const handler = async (event, context) => {
  if (!Buffer.isBuffer(event)) throw new Error('event is not a Buffer');
  appendFileSync(${JSON.stringify(calls)}, event.toString('utf8') + '\\n');
  return { ok: true, requestId: context.requestId };
};
export const fails = async () => { throw new Error('handler says no'); };
export const hangs = () => new Promise(() => {});
`,
  );
  const readCalls = async () =>
    (await readFile(calls, 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown[]);
  return { dir, readCalls, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

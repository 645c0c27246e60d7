import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

it('docs/custom-transforms.md says a handler is trusted code, and names every error code the FUNCTION runtime gives', async () => {
  const doc = await read('docs/custom-transforms.md');
  expect(doc).toMatch(/\*\*A worker thread is not a security boundary\.\*\*/);
  expect(doc).toMatch(/A handler is trusted code with the\s+emulator's own privileges/);
  const runtime =
    (await read('functions/transformers/runtime/isolate.ts')) +
    (await read('functions/transformers/function/outputs.ts'));
  const codes = new Set(runtime.match(/'transform\.handler-[a-z-]+'/g)?.map((code) => code.slice(1, -1)));
  expect(codes.size).toBeGreaterThanOrEqual(5);
  for (const code of codes) expect(doc, code).toContain(`\`${code}\``);
});

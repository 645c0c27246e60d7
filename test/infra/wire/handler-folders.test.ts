import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleTesters } from '../../../infra/wire/console-testers.js';
import { plainMessage } from '../../../infra/wire/plain-message.js';

const HANDLER = 'export const handler = async () => "ran";\n';
let project: string;
let outside: string;
let allowed: string;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'conflux-handlers-'));
  project = join(root, 'project');
  outside = join(root, 'elsewhere');
  allowed = join(root, 'shared-handlers');
  for (const dir of [project, outside, allowed, join(project, 'fns')]) await mkdir(dir, { recursive: true });
  for (const dir of [join(project, 'fns'), outside, allowed]) await writeFile(join(dir, 'h.mjs'), HANDLER);
  await symlink(join(outside, 'h.mjs'), join(project, 'fns', 'link.mjs'));
});

const tryHandler = (handler: string, handlerDirs: string[] = []) =>
  consoleTesters({ dialect: 'aws', baseDir: project, handlerDirs }).testTransform({
    transform: { form: 'FUNCTION', handler },
    event: '{"a":1}',
  });

describe('the console FUNCTION tester loads handlers only from the project folder or allowed folders', () => {
  it('runs a handler inside the project folder', async () => {
    expect(await tryHandler('fns/h.mjs#handler')).toEqual({ result: 'ok', outputs: ['ran'] });
  });

  it('refuses an absolute path, a ../ path and a symbolic link that lead outside, naming the field', async () => {
    for (const handler of [`${join(outside, 'h.mjs')}#handler`, '../elsewhere/h.mjs#handler', 'fns/link.mjs#handler']) {
      const answer = await tryHandler(handler);
      expect(answer, handler).toMatchObject({
        result: 'invalid',
        error: expect.stringMatching(/^handler: .* is outside the project folder/),
      });
    }
  });

  it('runs a handler from a folder the user allowed (--handler-dir)', async () => {
    expect(await tryHandler('../shared-handlers/h.mjs#handler', [allowed])).toEqual({ result: 'ok', outputs: ['ran'] });
  });

  it('names a missing handler as written, without the absolute path', async () => {
    const answer = await tryHandler('fns/missing.mjs#handler');
    expect(answer).toEqual({ result: 'invalid', error: 'handler: handler file not found: fns/missing.mjs' });
  });
});

describe('plainMessage', () => {
  it('turns errno text into words and paths into what the user wrote', () => {
    expect(plainMessage("ENOENT: no such file or directory, open '/p/out/x.jsonl'", '/p')).toBe(
      'cannot open out/x.jsonl: no such file or folder',
    );
    expect(plainMessage("sink failed: EACCES: permission denied, open '/etc/x'", '/p')).toBe(
      'sink failed: cannot open /etc/x: permission denied',
    );
    expect(plainMessage('handler file not found: /p/fns/a.mjs', '/p')).toBe('handler file not found: fns/a.mjs');
  });
});

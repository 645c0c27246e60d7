import type { ConsoleTesters, TransformAnswer } from '../../bus/emulator/console/routes.js';
import { messageOf } from '../../bus/errors.js';
import type { Dialect } from '../../bus/pattern/index.js';
import { testCase } from '../../bus/task/pattern-test.js';
import { type CompiledTransform, compileTransform } from '../../functions/transformers/compile.js';
import { tryEvent } from '../../functions/transformers/try-event.js';
import { handlerOutside } from './handler-folders.js';
import { plainMessage } from './plain-message.js';

/**
 * The console's live testers, answering as `conflux pattern test` and `conflux transform test` do:
 * a pattern without a dialect is judged by the config's, and FUNCTION handlers resolve from
 * `baseDir` (the config file's folder), as the tasks' do — and load only from there or from
 * `handlerDirs` (`--handler-dir`): the tester runs code, so it never loads any file on disk.
 * Errors show paths as the user wrote them, not absolute ones or errno text.
 *
 * @example consoleRoutes(consoleTesters({ dialect: config.dialect, baseDir }))
 */
export function consoleTesters(options: { dialect: Dialect; baseDir: string; handlerDirs?: string[] }): ConsoleTesters {
  const folders = [options.baseDir, ...(options.handlerDirs ?? [])];
  return {
    testPattern({ pattern, event, dialect }) {
      const line = JSON.stringify({
        pattern,
        event: typeof event === 'string' ? event : JSON.stringify(event),
        dialect: dialect ?? options.dialect,
      });
      const { id: _id, ...answer } = testCase(line);
      return answer;
    },
    async testTransform({ transform: spec, event }): Promise<TransformAnswer> {
      // Compiled for each try and closed after it: a live tester sees a new spec at every keystroke.
      let transform: CompiledTransform | undefined;
      const outside = handlerOutside(spec, folders);
      if (outside !== undefined) return { result: 'invalid', error: outside };
      try {
        transform = compileTransform(spec, {
          baseDir: options.baseDir,
          functionName: 'conflux-console-test',
          dialect: options.dialect,
        });
        await transform.ready();
      } catch (error) {
        await transform?.close();
        return { result: 'invalid', error: plainMessage(messageOf(error), options.baseDir) };
      }
      try {
        const answer = await tryEvent(transform, event, options.dialect);
        return answer.result === 'ok' ? answer : { ...answer, error: plainMessage(answer.error, options.baseDir) };
      } finally {
        await transform.close();
      }
    },
  };
}

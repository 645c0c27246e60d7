import type { ConsoleTesters, TransformAnswer } from '../../bus/emulator/console/routes.js';
import { messageOf } from '../../bus/errors.js';
import type { Dialect } from '../../bus/pattern/index.js';
import { type CompiledTransform, compileTransform } from '../../functions/transformers/compile.js';
import { testCase } from '../commands/pattern.js';
import { tryEvent } from '../commands/transform.js';

/**
 * The console's live testers, answering as `conflux pattern test` and `conflux transform test` do:
 * a pattern without a dialect is judged by the config's, and FUNCTION handlers resolve from
 * `baseDir` (the config file's folder), as the tasks' do.
 *
 * @example consoleRoutes(consoleTesters({ dialect: config.dialect, baseDir }))
 */
export function consoleTesters(options: { dialect: Dialect; baseDir: string }): ConsoleTesters {
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
      try {
        transform = compileTransform(spec, {
          baseDir: options.baseDir,
          functionName: 'conflux-console-test',
          dialect: options.dialect,
        });
        await transform.ready();
      } catch (error) {
        await transform?.close();
        return { result: 'invalid', error: messageOf(error) };
      }
      try {
        return await tryEvent(transform, event, options.dialect);
      } finally {
        await transform.close();
      }
    },
  };
}

import { ConfluxError } from '../../errors.js';
import { ApiError } from '../api-error.js';
import { AlibabaError, invalidArgument, streamingNotExisted } from './errors.js';
import { alibabaIssue, type FieldPaths } from './stream-paths.js';

/**
 * An emulator refusal in Alibaba's words: an unknown task is EventStreamingNotExisted, a taken
 * name EventStreamingAlreadyExisted, the quota EventStreamingCountExceedLimit, an invalid
 * definition InvalidArgument with each problem at the request's own field (`paths`).
 */
export function asAlibabaError(error: unknown, name: string, paths: FieldPaths = [], count = 0): unknown {
  if (error instanceof AlibabaError) return error;
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'task.not-found':
        return streamingNotExisted(name);
      case 'task.exists':
        return new AlibabaError('EventStreamingAlreadyExisted', `The event streaming [${name}] already existed!`, {
          cause: error,
        });
      case 'task.quota':
        return new AlibabaError(
          'EventStreamingCountExceedLimit',
          `The current count of event streaming is [${count}], which will exceed the limit quota [${count}]`,
          { cause: error },
        );
      default:
        if (error.issues.length === 0) return invalidArgument('', error.message);
        return invalidArgument('', error.issues.map((issue) => alibabaIssue(issue, paths)).join('; '));
    }
  }
  // the definition validated but could not be built (a handler file missing, a sink that cannot connect)
  if (error instanceof ConfluxError) {
    if (error.path === undefined) return invalidArgument('', error.message);
    return invalidArgument('', alibabaIssue({ path: error.path.split('.'), message: error.message }, paths));
  }
  return error;
}

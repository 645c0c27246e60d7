import { formatJsonPath } from '../../errors.js';
import { checkPattern } from '../../pattern/index.js';
import { invalidArgument } from './errors.js';
import { isObject } from './params.js';

/**
 * A FilterPattern or EventPattern (JSON text) read for the alibaba dialect: the parsed pattern,
 * or undefined for "" and `{}`, which match every event. A pattern the dialect refuses is
 * InvalidArgument naming the field and the place inside the pattern.
 */
export function readPattern(text: string | undefined, field: string): unknown {
  if (text === undefined || text === '') return undefined;
  let pattern: unknown;
  try {
    pattern = JSON.parse(text);
  } catch (error) {
    throw invalidArgument(field, `must be the JSON text of an event pattern (${(error as Error).message})`);
  }
  if (isObject(pattern) && Object.keys(pattern).length === 0) return undefined;
  const issues = checkPattern(pattern, { dialect: 'alibaba' });
  if (issues.length > 0) {
    const [first] = issues;
    throw invalidArgument(`${field}${formatJsonPath(first!.path).slice(1)}`, first!.message);
  }
  return pattern;
}

import { tooDeep } from '../../json-depth.js';
import {
  checkEventEnvelope,
  compilePattern,
  InvalidPatternError,
  type Pattern,
  parseJsonLossless,
} from '../../pattern/index.js';
import { filterOf } from '../../task/filter.js';
import { AwsError } from './errors.js';
import type { Input } from './input.js';

/**
 * Compiles an event pattern with AWS's rules (dialect `aws`); an invalid one is an
 * InvalidEventPatternException with the reason conflux's pattern module words as AWS does,
 * and the JSON path of the problem on the error.
 */
export function compileEventPattern(text: string): Pattern {
  try {
    return compilePattern(text, { dialect: 'aws' });
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    throw new AwsError('InvalidEventPatternException', error.message, {
      ...(error.path === undefined ? {} : { path: error.path }),
      cause: error,
    });
  }
}

/** An event given to TestEventPattern: JSON text of an object with every field of AWS's envelope. */
function readTestEvent(text: string): object {
  let event: unknown;
  try {
    event = parseJsonLossless(text); // numbers by their decimal meaning (1e400 is not Infinity)
  } catch (error) {
    throw new AwsError('ValidationException', 'Parameter Event is not valid.', { cause: error });
  }
  if (checkEventEnvelope(event).length > 0 || tooDeep(event) !== undefined)
    throw new AwsError('ValidationException', 'Parameter Event is not valid.');
  return event as object; // checkEventEnvelope found its fields: an object
}

/** TestEventPattern: `{Result: true|false}`; an event without AWS's envelope fields is refused, as AWS refuses it. */
export function testEventPattern(input: Input): object {
  const patternText = input.required('EventPattern');
  const eventText = input.required('Event');
  input.done();
  const event = readTestEvent(eventText);
  return { Result: filterOf(compileEventPattern(patternText))(event) };
}

import { TransformFailedError } from '../errors.js';

const decoder = new TextDecoder();

/**
 * A Function Compute handler's result as outputs: a string is one output, an array one output per
 * element, bytes (a Buffer crosses the worker boundary as a Uint8Array) are UTF-8 text, anything
 * else compact JSON. Returning nothing (`undefined`) is an error — return `[]` to emit nothing.
 *
 * @example handlerOutputs(['a', { b: 1 }]) // ['a', '{"b":1}']
 */
export function handlerOutputs(result: unknown): string[] {
  if (Array.isArray(result)) {
    // The common case, an array of strings, is handed on as it came (it is the worker's copy).
    if (result.every((element) => typeof element === 'string')) return result as string[];
    return result.map((element, i) => one(element, `result[${i}]`));
  }
  return [one(result, 'result')];
}

function one(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  const text: string | undefined = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) {
    throw new TransformFailedError(
      'transform.handler-result',
      `handler ${where} is ${value === undefined ? 'undefined' : typeof value}; return a string, an array, or JSON`,
      { path: 'handler' },
    );
  }
  return text;
}

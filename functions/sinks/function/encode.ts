import type { SinkMessage } from '../../../bus/task/contract.js';

/**
 * A batch → the `event` Buffer the handler receives: the UTF-8 JSON array of the messages'
 * payloads, in order. A payload that is JSON text goes in as that JSON value (its text as is, so
 * `{"id":1}` arrives as an object and `42` as a number); any other payload goes in as a JSON
 * string. Unlike a FUNCTION transform, which gets the events, a function sink gets the payloads:
 * what the task's transform made of each event. The bytes are a Buffer of their own (not a slice
 * of Node's shared pool), since they are transferred to the handler's worker thread.
 *
 * @example encode([{ event, payload: '{"id":1}' }, { event, payload: 'hello' }]).toString() // '[{"id":1},"hello"]'
 */
export function encode(messages: readonly SinkMessage[]): Buffer {
  const text = `[${messages.map((message) => (isJson(message.payload) ? message.payload : JSON.stringify(message.payload))).join(',')}]`;
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

function isJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

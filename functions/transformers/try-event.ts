import { messageOf } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import { depthProblem } from '../../bus/json-depth.js';
import type { Dialect } from '../../bus/pattern/index.js';
import type { CompiledTransform } from './compile.js';

/** One answer of `transform test` and the console's tester, in DESIGN.md's line shape. */
export type Answer = { result: 'ok'; outputs: string[] } | { result: 'invalid' | 'error'; error: string };

/**
 * Runs a compiled transform on one case's event (JSON text or a value): its outputs, or why the
 * event failed. Under `alibaba` the event text itself is the event's text (ORIGINAL hands it on
 * byte for byte, as Alibaba's engine does).
 */
export async function tryEvent(
  transform: CompiledTransform,
  eventInput: unknown,
  dialect: Dialect = 'aws',
): Promise<Answer> {
  let event: CloudEvent;
  try {
    event = (typeof eventInput === 'string' ? JSON.parse(eventInput) : eventInput) as CloudEvent;
  } catch (error) {
    return { result: 'error', error: `event: not JSON text (${messageOf(error)})` };
  }
  if (event === undefined) return { result: 'error', error: 'event: the case has no event' };
  const deep = depthProblem(event); // as a running task decides (bus/task/prepare-events.ts)
  if (deep !== undefined) return { result: 'error', error: `event: ${deep}` };
  try {
    const text = dialect === 'alibaba' && typeof eventInput === 'string' ? eventInput : undefined;
    return { result: 'ok', outputs: await transform(event, text) };
  } catch (error) {
    return { result: 'error', error: messageOf(error) };
  }
}

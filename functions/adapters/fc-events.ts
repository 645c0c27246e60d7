import type { CloudEvent } from '../../bus/event.js';
import type { SourceItem } from './lambda/kafka.js';

/** How an FC invocation names an event: its place in the batch and its CloudEvent id. */
export interface FcItemIdentifier {
  index: number;
  id: string | undefined;
}

/**
 * The events of a Function Compute 3.0 invocation: EventBridge delivers a Buffer holding a JSON
 * array of CloudEvents (a single CloudEvent object is taken as a batch of one). An element that is
 * not a CloudEvent fails alone, with its index as the path.
 *
 * @example fcItems(Buffer.from('[{"specversion":"1.0","id":"1","source":"s","type":"t"}]'))[0].event.id // '1'
 */
export function fcItems(payload: Buffer | string | Uint8Array): SourceItem<FcItemIdentifier>[] {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`FC event is not JSON: ${(error as Error).message}`);
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  return events.map((event: unknown, index) => {
    const record = event as Partial<CloudEvent> | null;
    const identifier = { index, id: typeof record?.id === 'string' ? record.id : undefined };
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return { identifier, issue: { path: [index], message: 'each element must be a CloudEvent object' } };
    }
    for (const attribute of ['id', 'source', 'type'] as const) {
      if (typeof record?.[attribute] !== 'string') {
        return { identifier, issue: { path: [index, attribute], message: `CloudEvent ${attribute} must be a string` } };
      }
    }
    return { identifier, event: event as CloudEvent };
  });
}

import { invalidArgument } from './errors.js';
import { isObject, type JsonObject } from './params.js';

/** Terraform's attribute names (alicloud_event_bridge_event_streaming) → the API's. */
const TERRAFORM: Readonly<Record<string, string>> = {
  event_streaming_name: 'EventStreamingName',
  description: 'Description',
  source: 'Source',
  sink: 'Sink',
  filter_pattern: 'FilterPattern',
  run_options: 'RunOptions',
};

/**
 * The event streams a JSON document holds, in the API's shape: a stream as GetEventStreaming
 * answers it (flat as the SDK reads it, or under `Data`), a ListEventStreamings answer
 * (`EventStreamings`), a list of streams, Terraform's resource attributes (`event_streaming_name`,
 * `source` as JSON text, …) or a `.tf.json` file's `alicloud_event_bridge_event_streaming` resources.
 */
export function streamsOf(document: unknown): JsonObject[] {
  if (Array.isArray(document)) return document.flatMap((item) => streamsOf(item));
  if (!isObject(document)) throw invalidArgument('', 'expected an event stream (a JSON object) or a list of them');
  if (isObject(document.Data)) return streamsOf(document.Data);
  if (Array.isArray(document.EventStreamings)) return streamsOf(document.EventStreamings);
  const resources = isObject(document.resource) ? document.resource.alicloud_event_bridge_event_streaming : undefined;
  if (isObject(resources)) return Object.values(resources).flatMap((item) => streamsOf(item));
  if (typeof document.event_streaming_name === 'string')
    return [
      Object.fromEntries(
        Object.entries(document).flatMap(([k, v]) => (TERRAFORM[k] === undefined ? [] : [[TERRAFORM[k], v]])),
      ),
    ];
  if (typeof document.EventStreamingName !== 'string')
    throw invalidArgument('EventStreamingName', 'required: the document is not an event stream');
  return [document];
}

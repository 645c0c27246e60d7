/** Fields AWS TestEventPattern requires in an event; without them it rejects the event itself. */
export const ENVELOPE_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/** The envelope fields an event lacks (empty when it is a complete EventBridge event). */
export function checkEventEnvelope(event: unknown): string[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return [...ENVELOPE_FIELDS];
  return ENVELOPE_FIELDS.filter((field) => !(field in event));
}

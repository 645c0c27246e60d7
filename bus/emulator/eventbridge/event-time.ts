/** A time as EventBridge writes it in events: RFC 3339 in UTC, whole seconds (`2026-01-01T00:00:00Z`). */
export function eventTime(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

/**
 * Payloads as text lines: each payload followed by a newline (the file and stdout sinks' format).
 * A payload that itself holds newlines spans several lines; payloads are written as given.
 *
 * @example payloadLines([{ payload: 'a' }, { payload: 'b' }]) // 'a\nb\n'
 */
export function payloadLines(messages: readonly { payload: string }[]): string {
  // One join builds a flat string; `+=` in a loop builds a rope that the write must flatten again.
  const lines = new Array<string>(messages.length + 1);
  for (let i = 0; i < messages.length; i++) lines[i] = messages[i]!.payload;
  lines[messages.length] = '';
  return lines.join('\n');
}

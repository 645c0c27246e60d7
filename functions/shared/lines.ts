/**
 * Payloads as text lines: each payload followed by a newline (the file and stdout sinks' format).
 * A payload that itself holds newlines spans several lines; payloads are written as given.
 *
 * @example payloadLines([{ payload: 'a' }, { payload: 'b' }]) // 'a\nb\n'
 */
export function payloadLines(messages: readonly { payload: string }[]): string {
  let out = '';
  for (const message of messages) out += `${message.payload}\n`;
  return out;
}

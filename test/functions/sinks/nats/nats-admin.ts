import { randomUUID } from 'node:crypto';
import type { JetStreamManager } from 'nats';

const text = new TextDecoder();

/** A fresh JetStream stream on a unique subject, for one test. */
export async function freshStream(jsm: JetStreamManager): Promise<{ stream: string; subject: string }> {
  const id = randomUUID().replaceAll('-', '');
  const stream = `CONFLUX_TEST_${id}`;
  const subject = `conflux.test.${id}`;
  await jsm.streams.add({ name: stream, subjects: [subject] });
  return { stream, subject };
}

/** The stream's messages in order: their data as text, and their headers. */
export async function streamMessages(
  jsm: JetStreamManager,
  stream: string,
): Promise<{ data: string; headers: Record<string, string> }[]> {
  const { state } = await jsm.streams.info(stream);
  const out: { data: string; headers: Record<string, string> }[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    const headers: Record<string, string> = {};
    for (const [name] of message.header ?? []) headers[name] = message.header.get(name);
    out.push({ data: text.decode(message.data), headers });
  }
  return out;
}

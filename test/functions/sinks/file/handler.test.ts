import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fcHandler, handler } from '../../../../functions/sinks/file/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';

resetAfterEach(handler);

it('appends each payload of a Lambda Kafka batch and of an FC batch as a line, settings from the environment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'conflux-file-handler-'));
  process.env.CONFLUX_SINK = JSON.stringify({ type: 'file', path: 'out/lines.txt' });
  process.env.CONFLUX_BASE_DIR = dir;
  process.env.CONFLUX_TRANSFORM = JSON.stringify({ form: 'JSONPATH', value: '$.data.value' });
  process.env.CONFLUX_VALUE_FORMAT = 'text';
  const value = Buffer.from('{"not":"parsed"}').toString('base64');
  const event = {
    eventSource: 'aws:kafka',
    records: { 't-0': [{ topic: 't', partition: 0, offset: 1, timestamp: 0, value }] },
  };
  expect(await handler(event)).toEqual({ batchItemFailures: [], delivered: 1, filtered: 0 });
  const ce = { specversion: '1.0', id: 'x', source: 's', type: 't', data: { value: 'from FC' } };
  expect(await fcHandler(Buffer.from(JSON.stringify([ce])))).toEqual({ delivered: 1, filtered: 0 });
  expect(readFileSync(join(dir, 'out/lines.txt'), 'utf8')).toBe('{"not":"parsed"}\nfrom FC\n');
});

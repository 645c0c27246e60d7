import { afterEach, expect, it, vi } from 'vitest';
import { handler } from '../../../../functions/sinks/stdout/handler.js';

const saved = { ...process.env };
afterEach(async () => {
  await handler.close();
  vi.restoreAllMocks();
  process.env = { ...saved };
});

it('prints each payload on a line, and rejects settings stdout does not take', async () => {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, done?: (error?: Error) => void) => {
    printed.push(String(chunk));
    done?.();
    return true;
  }) as typeof process.stdout.write);
  process.env.CONFLUX_SINK = '{}';
  process.env.CONFLUX_TRANSFORM = '{"form":"CONSTANT","value":"tick"}';
  const ce = { specversion: '1.0', id: 'x', source: 's', type: 't', data: {} };
  await handler.fc(Buffer.from(JSON.stringify([ce, { ...ce, id: 'y' }])));
  expect(printed.join('')).toBe('tick\ntick\n');
  process.env.CONFLUX_SINK = '{"path":"x"}';
  await expect(handler.fc(Buffer.from('[]'))).rejects.toMatchObject({ code: 'config.invalid', path: 'sink.path' });
});

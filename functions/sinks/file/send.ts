import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SinkWriter } from '../../../bus/emulator/types.js';
import { ConfluxError } from '../../../bus/errors.js';
import { payloadLines } from '../../shared/lines.js';

/** The file sink's settings, as conflux.yaml gives them. */
export interface FileSinkOptions {
  path: string;
}

/**
 * Opens `path` (relative to `baseDir`) for appending. A batch is acknowledged only after
 * one write and one fdatasync, so an acknowledged line survives a crash of the machine too.
 */
export async function connect(options: FileSinkOptions, context: { baseDir: string }): Promise<SinkWriter> {
  const path = resolve(context.baseDir, options.path);
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a').catch((error: unknown) => {
    throw new ConfluxError('sink.file.open', `cannot open ${path} for appending`, { path: 'sink.path', cause: error });
  });
  return {
    async write(messages) {
      await file.write(payloadLines(messages));
      await file.datasync();
    },
    async close() {
      await file.close();
    },
  };
}

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
 * Opens `path` (relative to `baseDir`) for appending. A batch is acknowledged only after one
 * write and one fdatasync, so an acknowledged line survives a crash of the machine too. A
 * last line without its newline can only be a write that was never acknowledged (the process
 * died mid-write): it is cut off on open, and the events it held are delivered again.
 */
export async function connect(options: FileSinkOptions, context: { baseDir: string }): Promise<SinkWriter> {
  const path = resolve(context.baseDir, options.path);
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a+').catch((error: unknown) => {
    throw new ConfluxError('sink.file.open', `cannot open ${path} for appending`, { path: 'sink.path', cause: error });
  });
  await cutTornTail(file);
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

type FileHandle = Awaited<ReturnType<typeof open>>;

async function cutTornTail(file: FileHandle): Promise<void> {
  const { size } = await file.stat();
  if (size === 0) return;
  const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await file.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) {
      if (start + newline + 1 < size) await file.truncate(start + newline + 1);
      return;
    }
    end = start;
  }
  await file.truncate(0); // one torn line and nothing before it
}

import { open } from 'node:fs/promises';

/** When a file's lines appeared: the first, and the `count`-th. */
export interface LinesSeen {
  firstAt: number;
  allAt: number;
}

/**
 * Polls `path` every 5 ms, counting newline bytes as they are appended (the file may not exist yet),
 * until it holds `count` lines or `stopped()` says the writer is gone; rejects after `timeoutMs`.
 * Times are `performance.now()`.
 */
export async function waitForLines(
  path: string,
  count: number,
  stopped: () => string | undefined,
  timeoutMs = 180_000,
): Promise<LinesSeen> {
  const deadline = performance.now() + timeoutMs;
  const chunk = Buffer.alloc(1 << 20);
  let file: Awaited<ReturnType<typeof open>> | undefined;
  let position = 0;
  let lines = 0;
  let firstAt: number | undefined;
  try {
    for (;;) {
      file ??= await open(path, 'r').catch(() => undefined);
      if (file !== undefined) {
        for (;;) {
          const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          for (let i = chunk.indexOf(0x0a); i !== -1 && i < bytesRead; i = chunk.indexOf(0x0a, i + 1)) lines++;
        }
        if (lines > 0) firstAt ??= performance.now();
        if (lines >= count) return { firstAt: firstAt!, allAt: performance.now() };
      }
      const reason = stopped();
      if (reason !== undefined) throw new Error(`${path}: ${lines} of ${count} lines, then ${reason}`);
      if (performance.now() > deadline) throw new Error(`${path}: ${lines} of ${count} lines within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await file?.close();
  }
}

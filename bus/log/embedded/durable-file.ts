/**
 * Replacing a small file so that a crash (kill -9, power loss) leaves either the old or the new
 * content, never half of one: write a temporary file beside it, fdatasync it, rename it over the
 * old one, fsync the directory so the rename itself is durable. The consumer-group offsets and the
 * emulator's task store both persist this way.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` atomically and durably (creating its folder when missing).
 * @example await replaceFileDurably('.conflux/tasks.json', JSON.stringify(store))
 */
export async function replaceFileDurably(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(tmp, 'wx');
  try {
    await file.writeFile(text);
    await file.datasync();
  } catch (error) {
    await file.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await file.close();
  // off the event loop: other work goes on while the kernel syncs
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

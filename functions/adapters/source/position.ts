import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfluxError, messageOf } from '../../../bus/errors.js';

/**
 * Where a source that has no broker to acknowledge to (file-tail, mysql-cdc) keeps how far its
 * sink acknowledged: `<dataDir>/sources/<task>.<kind>.json`, replaced atomically (write a
 * temporary file, fdatasync, rename), so a kill -9 leaves the old or the new position, never a torn one.
 *
 * @example const store = new PositionFile(join(dataDir, 'sources'), 'orders', 'file-tail'); await store.write({ files: {} })
 */
export class PositionFile<T> {
  /** The file's path. */
  readonly path: string;

  constructor(dir: string, task: string, kind: string) {
    this.path = join(dir, `${task}.${kind}.json`);
  }

  /** The stored position, or undefined when none was stored yet. */
  async read(): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ConfluxError('source.position', `cannot read ${this.path}: ${messageOf(error)}`, { cause: error });
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ConfluxError(
        'source.position',
        `${this.path} is not JSON (${messageOf(error)}); remove it to start over`,
        {
          cause: error,
        },
      );
    }
  }

  /** Stores the position durably before resolving. */
  async write(value: T): Promise<void> {
    const temporary = `${this.path}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify(value));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      throw new ConfluxError('source.position', `cannot store the position in ${this.path}: ${messageOf(error)}`, {
        retriable: true,
        cause: error,
      });
    }
  }
}

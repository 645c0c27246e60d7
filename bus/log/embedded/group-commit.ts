/**
 * Group commit: appends that arrive while a write + fdatasync is under way wait and go out together in
 * the next one (up to `maxRecords`), so one fdatasync makes many producers' records durable.
 */

interface Waiting<T> {
  records: T[];
  resolve(first: number): void;
  reject(error: unknown): void;
}

/** Batches submitted records into calls of `write`, which returns the first offset it assigned. */
export class GroupCommit<T> {
  private queue: Waiting<T>[] = [];
  private running = false;
  private drained: (() => void)[] = [];

  constructor(
    private readonly write: (records: T[]) => Promise<number>,
    private readonly maxRecords: number,
    private readonly lingerMs: number,
  ) {}

  /** Resolves with the offset of the first of `records` once the batch holding them is durable. */
  submit(records: T[]): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      if (this.running) return;
      this.running = true;
      if (this.lingerMs > 0) setTimeout(() => void this.drain(), this.lingerMs);
      else setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      let count = 0;
      let take = 0;
      while (take < this.queue.length && (take === 0 || count + this.queue[take]!.records.length <= this.maxRecords)) {
        count += this.queue[take]!.records.length;
        take++;
      }
      const batch = this.queue.splice(0, take);
      const records = batch.length === 1 ? batch[0]!.records : batch.flatMap((w) => w.records);
      try {
        let first = await this.write(records);
        for (const w of batch) {
          w.resolve(first);
          first += w.records.length;
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.running = false;
    for (const resolve of this.drained.splice(0)) resolve();
  }

  /** Resolves once every submitted record has been written (or failed). */
  idle(): Promise<void> {
    return this.running ? new Promise((resolve) => this.drained.push(resolve)) : Promise.resolve();
  }
}

import type { Reply } from '../../../bus/emulator/http/server.js';
import type { StoredRecord } from '../../../bus/log/types.js';

/** A request whose record the task has not committed yet, and how to answer it. */
interface Waiting {
  record: StoredRecord;
  answer(reply: Reply): void;
}

/** What the sender hears when its event will not be delivered by this run: retry later. */
export const UNAVAILABLE: Reply = {
  status: 503,
  body: { error: 'the task stopped before this event was delivered; send it again' },
};

/**
 * The requests of one HTTP source that wait for their answer: queued until the task takes them
 * as a batch, then in flight until the task commits them. Each is answered exactly once: 200
 * `{id}` once committed (delivered or dead-lettered), 503 when the task lets go of it first.
 */
export class WaitingRequests {
  private queued: Waiting[] = [];
  private inFlight: Waiting[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private heldBytes = 0;

  constructor(private readonly maxBatch: number) {}

  /** How many requests wait, queued or in flight. */
  get size(): number {
    return this.queued.length + this.inFlight.length;
  }

  /** The body bytes of the requests that wait, queued or in flight. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Queues a request's record; resolves with its answer (503 at once when already closed). */
  add(record: StoredRecord): Promise<Reply> {
    if (this.closed) return Promise.resolve(UNAVAILABLE);
    return new Promise((resolve) => {
      let answered = false;
      this.heldBytes += record.value.length;
      const answer = (reply: Reply) => {
        if (answered) return;
        answered = true;
        this.heldBytes -= record.value.length;
        resolve(reply);
      };
      this.queued.push({ record, answer });
      this.wake?.();
    });
  }

  /** The next batch (whatever is queued, up to the batch size), once there is one; `undefined` once closed. */
  async next(): Promise<StoredRecord[] | undefined> {
    while (this.queued.length === 0 && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    if (this.closed) return undefined;
    const batch = this.queued.splice(0, this.maxBatch);
    this.inFlight.push(...batch);
    return batch.map((waiting) => waiting.record);
  }

  /** Answers 200 `{id}` to every request in flight below `nextOffset`: the task committed them. */
  committed(nextOffset: number): void {
    const done = this.inFlight.filter((waiting) => waiting.record.offset < nextOffset);
    this.inFlight = this.inFlight.filter((waiting) => waiting.record.offset >= nextOffset);
    for (const waiting of done) waiting.answer({ status: 200, body: { id: waiting.record.headers.id } });
  }

  /** Answers 503 to the requests still in flight: the task came back from a batch without committing them. */
  releaseInFlight(): void {
    const released = this.inFlight;
    this.inFlight = [];
    for (const waiting of released) waiting.answer(UNAVAILABLE);
  }

  /** Answers 503 to everything waiting and refuses what comes after; `next` resolves `undefined`. */
  close(): void {
    this.closed = true;
    const all = [...this.inFlight, ...this.queued];
    this.inFlight = [];
    this.queued = [];
    for (const waiting of all) waiting.answer(UNAVAILABLE);
    this.wake?.();
  }
}

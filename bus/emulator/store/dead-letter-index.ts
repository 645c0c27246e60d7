/**
 * A task's dead letters, kept in the data directory whatever the dead-letter target is (a topic,
 * a file, an HTTP endpoint, a table, a queue…): `.conflux/deadletters/<task>.jsonl`, append-only.
 * Each line is one fact: a letter was added (`{"add":{id, at, deadLetter}}`) or redriven
 * (`{"redriven":{id, at, outcome}}`); reading folds them. Each append is fdatasynced before it
 * resolves. A line torn by a crash is skipped on reading, and the next append starts on a new line.
 * Several processes (the emulator, `conflux deadletters`) may append to one index: O_APPEND keeps
 * their lines whole, and ids are random, not counted.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CloudEvent } from '../../event.js';

/** What became of a redriven letter: delivered, dead-lettered or dropped again, or failed (the task stopped). */
export type RedriveOutcome = 'delivered' | 'dead-lettered' | 'dropped' | 'failed';

/** One indexed dead letter, with its redrive when it had one (the last, when it had several). */
export interface IndexedDeadLetter {
  id: string;
  /** When it was added (RFC 3339). */
  at: string;
  deadLetter: CloudEvent;
  redriven?: { at: string; outcome: RedriveOutcome; error?: string };
}

type Line =
  | { add: { id: string; at: string; deadLetter: CloudEvent } }
  | { redriven: { id: string; at: string; outcome: RedriveOutcome; error?: string } };

/** The index file of a task (task names are letters, digits and hyphens). */
export function deadLetterIndexPath(dataDir: string, task: string): string {
  return join(dataDir, 'deadletters', `${task}.jsonl`);
}

/**
 * The dead-letter index of one task.
 * @example const index = new DeadLetterIndex('.conflux', 'orders'); await index.add(deadLetter); await index.list()
 */
export class DeadLetterIndex {
  readonly path: string;
  private appending: Promise<void> = Promise.resolve();
  private checkedTail = false;

  constructor(
    dataDir: string,
    readonly task: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = deadLetterIndexPath(dataDir, task);
  }

  /** Adds a letter; resolves with its id once the line is durable. */
  async add(deadLetter: CloudEvent): Promise<string> {
    const id = `${this.now().getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
    await this.append({ add: { id, at: this.now().toISOString(), deadLetter } });
    return id;
  }

  /** Records a redrive of a letter. */
  async markRedriven(id: string, outcome: RedriveOutcome, error?: string): Promise<void> {
    await this.append({
      redriven: { id, at: this.now().toISOString(), outcome, ...(error === undefined ? {} : { error }) },
    });
  }

  /** Every letter, oldest first. */
  async list(): Promise<IndexedDeadLetter[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return [];
      throw error;
    }
    const letters = new Map<string, IndexedDeadLetter>();
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (line === undefined) continue;
      if ('add' in line) letters.set(line.add.id, { ...line.add });
      else {
        const letter = letters.get(line.redriven.id);
        if (letter !== undefined) {
          const { id: _id, ...redriven } = line.redriven;
          letter.redriven = redriven;
        }
      }
    }
    return [...letters.values()];
  }

  private append(line: Line): Promise<void> {
    const next = this.appending.then(
      () => this.write(line),
      () => this.write(line),
    );
    this.appending = next;
    return next;
  }

  private async write(line: Line): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.path, 'a+');
    try {
      let text = `${JSON.stringify(line)}\n`;
      if (!this.checkedTail) {
        const { size } = await file.stat();
        if (size > 0) {
          const last = Buffer.alloc(1);
          await file.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) text = `\n${text}`; // a line torn by a crash: start afresh
        }
        this.checkedTail = true;
      }
      await file.write(text);
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}

function parseLine(raw: string): Line | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const line = JSON.parse(raw) as Partial<Record<'add' | 'redriven', { id?: unknown }>>;
    if (typeof line.add?.id === 'string' || typeof line.redriven?.id === 'string') return line as Line;
  } catch {
    // a line torn by a crash
  }
  return undefined;
}

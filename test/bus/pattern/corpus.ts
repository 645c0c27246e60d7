import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the shared conformance vectors live: ../shared beside the project. */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/conformance/patterns/', import.meta.url));

/** One conformance case (../shared/conformance/patterns/README.md). */
export interface CorpusCase {
  id: string;
  pattern: string;
  event: string | null;
  expect: 'match' | 'no-match' | 'invalid';
  note?: string;
  dialect?: 'aws' | 'alibaba';
}

/** True when the shared folder is present (it is not inside this repository). */
export function corpusPresent(): boolean {
  return ['localstack', 'eventruler', 'rocketmq-eventbridge'].every((name) => existsSync(`${CORPUS_DIR}${name}.jsonl`));
}

/** Reads `name.jsonl` from the shared corpus. */
export function readCorpus(name: 'localstack' | 'eventruler' | 'rocketmq-eventbridge'): CorpusCase[] {
  return readFileSync(`${CORPUS_DIR}${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusCase);
}

/** The ids listed in KNOWN-DIFFERENCES.md (lines starting with `- \`id\``). */
export function knownDifferences(): Set<string> {
  const text = readFileSync(new URL('./KNOWN-DIFFERENCES.md', import.meta.url), 'utf8');
  return new Set([...text.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!));
}

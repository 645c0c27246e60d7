import { describe, expect, it } from 'vitest';
import { compilePattern, JsonNumber, parseJsonLossless } from '../../../bus/pattern/index.js';
import { checkConfigText } from '../../../infra/config/index.js';

// A filter written in conflux.yaml (YAML or JSON) compares numbers by their decimal meaning, as
// `pattern test` does: the file's 9007199254740993 is not 2^53 (YAML and JSON.parse read it as 2^53).

const yaml = `version: 1
tasks:
  - name: exact
    source: { type: kafka, topic: numbers }
    filter: { data: { value: { n: [9007199254740993] } } }
    sink: { type: stdout }
    concurrency: 2
`;

function filterOf(text: string, format: 'yaml' | 'json') {
  const checked = checkConfigText(text, { format });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return { filter: checked.config.tasks[0]!.filter, concurrency: checked.config.tasks[0]!.concurrency };
}

describe('numbers in a config file', () => {
  it.each([
    ['yaml', yaml],
    [
      'json',
      '{"version":1,"tasks":[{"name":"exact","source":{"type":"kafka","topic":"numbers"},"filter":{"data":{"value":{"n":[9007199254740993]}}},"sink":{"type":"stdout"},"concurrency":2}]}',
    ],
  ] as const)('keep their decimal meaning in a %s filter; plain numbers stay numbers', (format, text) => {
    const { filter, concurrency } = filterOf(text, format);
    expect(concurrency).toBe(2);
    const n = (filter as { data: { value: { n: unknown[] } } }).data.value.n[0];
    expect(n).toBeInstanceOf(JsonNumber);
    const pattern = compilePattern(filter);
    expect(pattern.matches({ data: { value: { n: 2 ** 53 } } })).toBe(false); // 2^53 is not 2^53 + 1
    expect(pattern.matches(parseJsonLossless('{"data":{"value":{"n":9007199254740993}}}'))).toBe(true);
  });
});

import { formatConfigPath, type Issue } from '../../errors.js';

/** Where conflux task fields came from in the request: [conflux path prefix, Alibaba field path], most specific last. */
export type FieldPaths = [string, string][];

/**
 * A task validation problem worded with the request's own field names:
 * `sink.topic: required` → `Sink.SinkKafkaParameters.Topic: required`. The longest conflux
 * prefix wins (the later of two equal ones); the rest of the path is kept as conflux writes it (inside a filter or a spec).
 */
export function alibabaIssue(issue: Issue, paths: FieldPaths): string {
  const path = formatConfigPath(issue.path);
  let best: [string, string] | undefined;
  for (const entry of paths) {
    const [prefix] = entry;
    const matches = path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
    if (matches && (best === undefined || prefix.length >= best[0].length)) best = entry; // a later entry refines
  }
  if (best === undefined) return `${path}: ${issue.message}`;
  const rest = path.slice(best[0].length).replace(/^\./, '');
  return `${best[1]}${rest === '' ? '' : `.${rest}`}: ${issue.message}`;
}

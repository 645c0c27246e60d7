import { compilePattern, type Dialect, type Pattern, readsNumbers } from '../pattern/index.js';
import { Router } from '../router/index.js';
import { eventForFilter } from './lazy-value.js';

/** A task's filter: does an event (nested at most MAX_JSON_DEPTH levels, see bus/json-depth.ts) pass? */
export type EventFilter = (event: object) => boolean;

/**
 * The one filter every place runs — a task in the emulator, a deployed task function, `pattern
 * test`, the console's tester and TestEventPattern (AWS and Alibaba): the pattern is validated
 * (an InvalidPatternError names the JSON path) and compiled once into a one-rule router, whose
 * field index looks only at the paths the pattern names (about ten times faster per event than
 * evaluating the compiled pattern on its own). Callers check an event's depth first
 * (`depthProblem`), as they all do, so no event reaches the matcher deeper than the stack allows.
 *
 * @example compileFilter({ source: ['shop'] }, 'aws')({ source: 'shop' }) // true
 */
export function compileFilter(pattern: unknown, dialect: Dialect): EventFilter {
  return filterOf(compilePattern(pattern, { dialect }));
}

/** `compileFilter` for a pattern compiled already (TestEventPattern compiles it to word its own errors). */
export function filterOf(compiled: Pattern): EventFilter {
  const router = new Router();
  router.addRule('filter', compiled);
  if (!readsNumbers(compiled.branches)) return (event) => router.matchIds(event).length > 0;
  // Numbers by their decimal meaning, as `pattern test` sees them: an unread Kafka value is read losslessly.
  return (event) => router.matchIds(eventForFilter(event)).length > 0;
}

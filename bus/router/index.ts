// The router: many named patterns compiled into one shared index, so an event costs one
// walk of the paths rules use plus a hash lookup per value — not one pass per rule.
import { type FlatEvent, flattenEvent } from '../pattern/flatten.js';
import { compilePattern, type Pattern, type PatternOptions } from '../pattern/index.js';
import { type CompiledRules, compileRules } from './compile.js';
import { type EventView, MatchState } from './state.js';
import { walkObject } from './walk-object.js';

/**
 * Rules → matched rule names. Rules can be added and removed at any time; the index is
 * rebuilt on the next match after a change.
 * @example
 * const router = new Router();
 * router.addRule('paid', { data: { value: { status: ['paid'] } } });
 * router.match({ data: { value: { status: 'paid' } } }) // ['paid']
 */
export class Router {
  private readonly rules = new Map<string, Pattern>();
  private compiled: CompiledRules | null = null;
  private state: MatchState | null = null;
  private readonly ids: number[] = [];
  private parsed: unknown = undefined;
  private flat: FlatEvent | null = null;
  /** The event for precise checks, flattened on first need. */
  private readonly view: EventView = {
    parsed: () => this.parsed,
    flat: () => {
      this.flat ??= flattenEvent(this.view.parsed(), this.compiled!.usedPaths);
      return this.flat;
    },
  };

  /** Adds or replaces a rule; `pattern` is JSON text, a parsed pattern or a compiled Pattern. Throws when invalid. */
  addRule(name: string, pattern: unknown, options: PatternOptions = {}): void {
    const compiled = isPattern(pattern) ? pattern : compilePattern(pattern, options);
    this.rules.delete(name);
    this.rules.set(name, compiled);
    this.compiled = null;
  }

  /** Removes a rule; returns whether it existed. */
  removeRule(name: string): boolean {
    const existed = this.rules.delete(name);
    if (existed) this.compiled = null;
    return existed;
  }

  /** Names of the rules, in the order they were added. */
  ruleNames(): string[] {
    return [...this.rules.keys()];
  }

  /** Names of every rule a parsed event matches, in rule order. */
  match(event: unknown): string[] {
    return this.names(this.matchIds(event));
  }

  /**
   * The fast path: matched rule indexes (positions in `ruleNames()`) for a parsed event.
   * The returned array is reused by the next call.
   */
  matchIds(event: unknown): readonly number[] {
    const state = this.prepare();
    this.parsed = event;
    this.flat = null;
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return this.finish(state, false);
    walkObject(event, this.compiled!.root, false, state);
    return this.finish(state, true);
  }

  private prepare(): MatchState {
    if (this.compiled === null || this.state === null) {
      this.compiled = compileRules([...this.rules].map(([name, pattern]) => ({ name, pattern })));
      this.state = new MatchState(this.compiled);
    }
    this.state.begin();
    return this.state;
  }

  private finish(state: MatchState, isObject: boolean): readonly number[] {
    const ids = this.ids;
    const n = isObject ? state.finish(ids, this.view) : 0;
    if (ids.length !== n) ids.length = n; // most events match nothing: no length change, no runtime call
    if (n > 1) ids.sort(byNumber);
    return ids;
  }

  private names(ids: readonly number[]): string[] {
    const names = this.compiled!.names;
    return ids.map((id) => names[id]!);
  }
}

const byNumber = (a: number, b: number) => a - b;

function isPattern(value: unknown): value is Pattern {
  return typeof value === 'object' && value !== null && 'branches' in value && 'matches' in value;
}

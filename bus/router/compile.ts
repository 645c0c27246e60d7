import type { Branch, Condition, Pattern } from '../pattern/index.js';
import { conditionKey } from './condition-key.js';
import { PathNode } from './path-trie.js';

/** A clause that may hold by absence (`exists: false`), checked after the event walk. */
export interface AbsentCheck {
  node: PathNode;
  clause: number;
  /** The clause also has positive alternatives, which may hold instead. */
  mixed: boolean;
}

/** Every rule compiled into one path trie with per-field indexes and flat per-clause tables. */
export interface CompiledRules {
  root: PathNode;
  names: string[];
  branches: Branch[];
  clauseBranch: Int32Array;
  branchRule: Int32Array;
  /** Clauses a branch needs hit by a value (its clauses minus the `exists: false` ones). */
  branchRequired: Int32Array;
  branchAbsent: (AbsentCheck[] | null)[];
  /** Branches with no required clause: they are checked on every event. */
  alwaysCheck: Int32Array;
  /** 1 for branches the counters only pre-select (`alibaba`): the precise check decides every time. */
  branchPrecise: Uint8Array;
  /** Every path and path prefix used, for flattening an event when a branch needs a precise check. */
  usedPaths: Set<string>;
  /** Every node with a field index (their event stamps are cleared when the counter wraps). */
  fieldNodes: PathNode[];
}

/** Compiles named patterns into the shared index (one pass; rebuild on change). */
export function compileRules(rules: readonly { name: string; pattern: Pattern }[]): CompiledRules {
  const root = new PathNode();
  const names: string[] = [];
  const branches: Branch[] = [];
  const clauseBranch: number[] = [];
  const branchRule: number[] = [];
  const branchRequired: number[] = [];
  const branchAbsent: (AbsentCheck[] | null)[] = [];
  const alwaysCheck: number[] = [];
  const branchPrecise: number[] = [];
  const usedPaths = new Set<string>();
  const groups = new Map<PathNode, Map<string, { condition: Condition; clauses: number[] }>>();

  for (const [ruleId, rule] of rules.entries()) {
    names.push(rule.name);
    for (const branch of rule.pattern.branches) {
      const b = branches.length;
      branches.push(branch);
      branchRule.push(ruleId);
      let required = 0;
      let absent: AbsentCheck[] | null = null;
      // Alibaba's engine reads fields its own way (alibaba-match.ts): hits can only pre-select, and a
      // clause that may hold by absence is left to the precise check.
      const precise = branch.dialect === 'alibaba';
      branchPrecise.push(precise ? 1 : 0);
      for (const clause of branch.clauses) {
        const c = clauseBranch.length;
        clauseBranch.push(b);
        const node = root.ensure(clause.path);
        node.fieldIndex();
        let steps = clause.path.indexOf('.');
        while (steps !== -1) {
          usedPaths.add(clause.path.slice(0, steps));
          steps = clause.path.indexOf('.', steps + 1);
        }
        usedPaths.add(clause.path);
        const byAbsence = clause.conditions.some((x) => x.kind === 'exists' && !x.value);
        const positive = clause.conditions.filter((x) => !(x.kind === 'exists' && !x.value));
        if (!byAbsence) required++;
        else if (!precise) {
          absent ??= [];
          absent.push({ node, clause: c, mixed: positive.length > 0 });
        }
        let byKey = groups.get(node);
        if (byKey === undefined) {
          byKey = new Map();
          groups.set(node, byKey);
        }
        for (const condition of positive) {
          const key = conditionKey(condition);
          const group = byKey.get(key);
          if (group === undefined) byKey.set(key, { condition, clauses: [c] });
          else if (group.clauses[group.clauses.length - 1] !== c) group.clauses.push(c);
        }
      }
      branchRequired.push(required);
      branchAbsent.push(absent);
      if (required === 0) alwaysCheck.push(b);
    }
  }
  for (const [node, byKey] of groups) {
    const field = node.fieldIndex();
    for (const { condition, clauses } of byKey.values()) field.add(condition, Int32Array.from(clauses));
  }
  return {
    root,
    names,
    branches,
    clauseBranch: Int32Array.from(clauseBranch),
    branchRule: Int32Array.from(branchRule),
    branchRequired: Int32Array.from(branchRequired),
    branchAbsent,
    alwaysCheck: Int32Array.from(alwaysCheck),
    branchPrecise: Uint8Array.from(branchPrecise),
    usedPaths,
    fieldNodes: [...groups.keys()],
  };
}

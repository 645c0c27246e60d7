import type { Branch, Clause } from './conditions.js';
import { consistent, type FlatEvent, type FlatValue, type Membership } from './flatten.js';
import { testLeaf } from './test-leaf.js';

/** True when some branch holds for the flattened event. */
export function matchBranches(branches: readonly Branch[], flat: FlatEvent): boolean {
  for (const branch of branches) if (matchBranch(branch, flat)) return true;
  return false;
}

/** How a clause can hold: by one of these values, and/or by the field being absent. */
interface Options {
  values: FlatValue[];
  /** `exists: false` is an alternative; it holds when no value of the field is in the elements chosen. */
  absent: FlatValue[] | null;
}

/**
 * Every clause must hold, with the values it uses taken from consistent elements of any
 * arrays of objects (event-ruler's ArrayMembership); backtracks over the candidates.
 * `exists: false` is judged in the same elements: `{"a": {"b": ["x"], "c": [{"exists": false}]}}`
 * holds for `{"a": [{"b": "x"}, {"c": 1}]}`.
 */
export function matchBranch(branch: Branch, flat: FlatEvent): boolean {
  const options: Options[] = [];
  for (const clause of branch.clauses) {
    const found = clauseOptions(clause, flat.get(clause.path));
    if (found.values.length === 0 && found.absent === null) return false;
    options.push(found);
  }
  const chosen: Membership[] = [];
  const deferred: FlatValue[][] = [];
  const fits = (m: Membership) => chosen.every((c) => consistent(c, m));
  const search = (i: number): boolean => {
    if (i === options.length) return deferred.every((values) => !values.some((v) => fits(v.membership)));
    const option = options[i]!;
    for (const candidate of option.values) {
      if (!fits(candidate.membership)) continue;
      chosen.push(candidate.membership);
      if (search(i + 1)) return true;
      chosen.pop();
    }
    if (option.absent === null) return false;
    deferred.push(option.absent);
    if (search(i + 1)) return true;
    deferred.pop();
    return false;
  };
  return search(0);
}

/** The event values that satisfy a clause, and whether it may hold by absence. */
export function clauseOptions(clause: Clause, values: FlatValue[] | undefined): Options {
  const present = values ?? [];
  const absentOk = clause.conditions.some((c) => c.kind === 'exists' && !c.value);
  const positive = clause.conditions.filter((c) => !(c.kind === 'exists' && !c.value));
  const matching = present.filter((v) => positive.some((c) => testLeaf(c, v.value)));
  if (!absentOk) return { values: matching, absent: null };
  // Absent everywhere, or present only inside array elements some other clause may rule out.
  const couldBeAbsent = present.every((v) => v.membership.length > 0);
  return { values: matching, absent: couldBeAbsent ? present : null };
}

/** True when the clause holds for the field in isolation (used by explain). */
export function clauseHolds(clause: Clause, values: FlatValue[] | undefined): boolean {
  const found = clauseOptions(clause, values);
  return found.values.length > 0 || found.absent !== null;
}

import { matchAlibaba } from '../pattern/alibaba-match.js';
import type { Branch } from '../pattern/conditions.js';
import type { FlatEvent } from '../pattern/flatten.js';
import { matchBranch } from '../pattern/match.js';
import type { CompiledRules } from './compile.js';
import type { ClauseIds, HitSink } from './field-index.js';

/**
 * Per-event counters, reused across events (no allocation per event): each clause hit once,
 * each branch counts its hit clauses, a branch whose count reaches its requirement is a
 * candidate. Stamps instead of clearing: a slot belongs to this event when it holds `epoch`.
 */
export class MatchState implements HitSink {
  epoch = 0;
  private readonly clauseEpoch: Int32Array;
  private readonly branchEpoch: Int32Array;
  private readonly branchCount: Int32Array;
  private readonly branchInArray: Int32Array;
  private readonly ruleEpoch: Int32Array;
  private readonly candidates: Int32Array;
  private candidateCount = 0;

  constructor(private readonly rules: CompiledRules) {
    this.clauseEpoch = new Int32Array(rules.clauseBranch.length);
    this.branchEpoch = new Int32Array(rules.branches.length);
    this.branchCount = new Int32Array(rules.branches.length);
    this.branchInArray = new Int32Array(rules.branches.length);
    this.ruleEpoch = new Int32Array(rules.names.length);
    this.candidates = new Int32Array(rules.branches.length);
  }

  /** Starts a new event. */
  begin(): void {
    if (++this.epoch === 0x3fffffff) {
      for (const a of [this.clauseEpoch, this.branchEpoch, this.ruleEpoch]) a.fill(0);
      for (const node of this.rules.fieldNodes) {
        node.seen = 0;
        node.seenPlain = 0;
      }
      this.epoch = 1;
    }
    this.candidateCount = 0;
  }

  /** Counts the clauses one matched alternative satisfies (each clause once per event). */
  hit(clauses: ClauseIds, inArray: boolean): void {
    const epoch = this.epoch;
    const { clauseBranch, branchRequired } = this.rules;
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i]!;
      if (this.clauseEpoch[c] === epoch) continue;
      this.clauseEpoch[c] = epoch;
      const b = clauseBranch[c]!;
      if (this.branchEpoch[b] !== epoch) {
        this.branchEpoch[b] = epoch;
        this.branchCount[b] = 0;
        this.branchInArray[b] = 0;
      }
      if (inArray) this.branchInArray[b] = this.branchInArray[b]! + 1;
      const count = this.branchCount[b]! + 1;
      this.branchCount[b] = count;
      if (count === branchRequired[b]) this.candidates[this.candidateCount++] = b;
    }
  }

  /**
   * Decides the candidates (plus branches that need no hit) and writes matched rule ids to
   * `out`; `event` supplies the event, flattened or parsed, when a branch needs the precise check
   * (values from arrays of objects, `exists: false` the counters cannot settle, `alibaba` branches).
   */
  finish(out: number[], event: EventView): number {
    const { branchRule, branchAbsent, alwaysCheck, branches, branchPrecise } = this.rules;
    const epoch = this.epoch;
    let n = 0;
    const total = this.candidateCount + alwaysCheck.length;
    for (let k = 0; k < total; k++) {
      const b = k < this.candidateCount ? this.candidates[k]! : alwaysCheck[k - this.candidateCount]!;
      const r = branchRule[b]!;
      if (this.ruleEpoch[r] === epoch) continue;
      let precise = branchPrecise[b] === 1 || (this.branchEpoch[b] === epoch && this.branchInArray[b]! >= 2);
      const absent = branchAbsent[b];
      if (absent !== null && absent !== undefined) {
        let failed = false;
        for (const check of absent) {
          if (check.node.seen !== epoch) continue;
          const hit = this.clauseEpoch[check.clause] === epoch;
          if (check.node.seenPlain === epoch && !hit) {
            failed = true;
            break;
          }
          precise = true;
        }
        if (failed) continue;
      }
      if (precise && !preciseMatch(branches[b]!, event)) continue;
      this.ruleEpoch[r] = epoch;
      out[n++] = r;
    }
    return n;
  }
}

/** The event for precise checks, made on demand: flattened (event-ruler's view) or parsed (Alibaba's engine's). */
export interface EventView {
  flat(): FlatEvent;
  parsed(): unknown;
}

function preciseMatch(branch: Branch, event: EventView): boolean {
  return branch.dialect === 'alibaba' ? matchAlibaba(branch, event.parsed()) : matchBranch(branch, event.flat());
}

import type { Condition, Leaf } from '../pattern/index.js';
import { ipToHex, ipv4Number } from '../pattern/ip.js';
import { compareNumbers, JsonNumber } from '../pattern/json-number.js';
import { testLeaf } from '../pattern/test-leaf.js';
import type { Wildcard } from '../pattern/wildcard.js';

/** Clause ids a matched alternative satisfies. */
export type ClauseIds = Int32Array;

interface Entry<T> {
  key: T;
  clauses: ClauseIds;
}

/** A numeric range entry: `lo < v` or `lo <= v`, and `v < hi` or `v <= hi`. */
export interface RangeEntry {
  lo: number;
  loInc: boolean;
  hi: number;
  hiInc: boolean;
  clauses: ClauseIds;
}

/** Receives every clause a leaf value satisfies. */
export interface HitSink {
  hit(clauses: ClauseIds, inArray: boolean): void;
}

/**
 * Everything the rules ask of one field path, indexed by operator so one event value costs
 * one hash lookup for exact values plus a pass over the few non-exact alternatives — shared
 * by every rule that uses this path, however many there are.
 */
export class FieldIndex {
  readonly exact = new Map<Leaf, ClauseIds>();
  /** Exact numbers no double holds (`1e400`), by their decimal meaning. */
  readonly exactDecimals = new Map<string, ClauseIds>();
  readonly ignoreCase = new Map<string, ClauseIds>();
  prefixes: Entry<string>[] = [];
  suffixes: Entry<string>[] = [];
  prefixesIgnoreCase: Entry<string>[] = [];
  suffixesIgnoreCase: Entry<string>[] = [];
  patterns: Entry<Wildcard>[] = [];
  contains: Entry<string>[] = [];
  /** IPv4 blocks as numbers (the common case, no strings per event) and IPv6 blocks as hex. */
  cidrs4: Entry<[number, number]>[] = [];
  cidrs6: Entry<[string, string]>[] = [];
  ranges: RangeEntry[] = [];
  /** anything-but in all forms, and ranges with a bound no double holds: each tested by testLeaf. */
  others: Entry<Condition>[] = [];
  existing: ClauseIds | null = null;
  private needsLower = false;
  /** Whether any operator beyond exact values applies to strings here (most paths: none). */
  private stringOperators = false;

  /** Feeds one leaf value through every operator and reports the clauses it satisfies. */
  test(leaf: Leaf, inArray: boolean, sink: HitSink): void {
    if (this.existing !== null) sink.hit(this.existing, inArray);
    let v = leaf;
    if (typeof v === 'object' && v !== null) {
      // a JsonNumber, the only object leaf: exact ones go on as their double
      if (!v.exact) {
        this.testDecimal(v, inArray, sink);
        return;
      }
      v = v.value === 0 ? 0 : v.value;
    }
    const exact = this.exact.get(v);
    if (exact !== undefined) sink.hit(exact, inArray);
    if (typeof v === 'string') {
      if (this.stringOperators) this.testString(v, inArray, sink);
    } else if (typeof v === 'number') {
      const ranges = this.ranges;
      for (let i = 0; i < ranges.length; i++) {
        const r = ranges[i]!;
        if ((r.loInc ? v >= r.lo : v > r.lo) && (r.hiInc ? v <= r.hi : v < r.hi)) sink.hit(r.clauses, inArray);
      }
    }
    const others = this.others;
    for (let i = 0; i < others.length; i++) {
      const n = others[i]!;
      if (testLeaf(n.key, v)) sink.hit(n.clauses, inArray);
    }
  }

  /** A number no double holds: compared by its decimal meaning, one entry at a time. */
  private testDecimal(v: JsonNumber, inArray: boolean, sink: HitSink): void {
    const exact = this.exactDecimals.get(v.decimal);
    if (exact !== undefined) sink.hit(exact, inArray);
    for (const r of this.ranges) {
      const lo = compareNumbers(v, r.lo);
      const hi = compareNumbers(v, r.hi);
      if ((r.loInc ? lo >= 0 : lo > 0) && (r.hiInc ? hi <= 0 : hi < 0)) sink.hit(r.clauses, inArray);
    }
    for (const n of this.others) if (testLeaf(n.key, v)) sink.hit(n.clauses, inArray);
  }

  private testString(v: string, inArray: boolean, sink: HitSink): void {
    for (const e of this.prefixes) if (v.startsWith(e.key)) sink.hit(e.clauses, inArray);
    for (const e of this.suffixes) if (v.endsWith(e.key)) sink.hit(e.clauses, inArray);
    for (const e of this.contains) if (v.includes(e.key)) sink.hit(e.clauses, inArray);
    for (const e of this.patterns) if (e.key.test(v)) sink.hit(e.clauses, inArray);
    if (this.needsLower) {
      const lower = v.toLowerCase();
      const eq = this.ignoreCase.get(lower);
      if (eq !== undefined) sink.hit(eq, inArray);
      for (const e of this.prefixesIgnoreCase) if (lower.startsWith(e.key)) sink.hit(e.clauses, inArray);
      for (const e of this.suffixesIgnoreCase) if (lower.endsWith(e.key)) sink.hit(e.clauses, inArray);
    }
    if (this.cidrs4.length > 0 || this.cidrs6.length > 0) this.testIp(v, inArray, sink);
  }

  private testIp(v: string, inArray: boolean, sink: HitSink): void {
    let ip4 = ipv4Number(v);
    if (ip4 === -1) {
      const hex = ipToHex(v); // IPv6, or an IPv4-mapped IPv6 spelling of an IPv4 address
      if (hex === null) return;
      if (hex.length === 8) ip4 = Number.parseInt(hex, 16);
      else {
        for (const e of this.cidrs6) if (hex >= e.key[0] && hex <= e.key[1]) sink.hit(e.clauses, inArray);
        return;
      }
    }
    for (const e of this.cidrs4) if (ip4 >= e.key[0] && ip4 <= e.key[1]) sink.hit(e.clauses, inArray);
  }

  /** Registers one distinct condition at this path with every clause that lists it. */
  add(c: Condition, clauses: ClauseIds): void {
    if (c.kind !== 'exact' && c.kind !== 'numeric' && c.kind !== 'exists' && !c.kind.startsWith('anything-but')) {
      this.stringOperators = true;
    }
    switch (c.kind) {
      case 'exact':
        if (c.value instanceof JsonNumber) this.exactDecimals.set(c.value.decimal, clauses);
        else this.exact.set(c.value, clauses);
        return;
      case 'prefix':
      case 'suffix': {
        const key = c.ignoreCase ? c.value.toLowerCase() : c.value;
        const list = c.ignoreCase
          ? c.kind === 'prefix'
            ? this.prefixesIgnoreCase
            : this.suffixesIgnoreCase
          : c.kind === 'prefix'
            ? this.prefixes
            : this.suffixes;
        list.push({ key, clauses });
        if (c.ignoreCase) this.needsLower = true;
        return;
      }
      case 'equals-ignore-case':
        this.ignoreCase.set(c.value.toLowerCase(), clauses);
        this.needsLower = true;
        return;
      case 'wildcard':
        this.patterns.push({ key: c.wildcard, clauses });
        return;
      case 'contains':
        this.contains.push({ key: c.value, clauses });
        return;
      case 'cidr':
        if (c.low.length === 8)
          this.cidrs4.push({ key: [Number.parseInt(c.low, 16), Number.parseInt(c.high, 16)], clauses });
        else this.cidrs6.push({ key: [c.low, c.high], clauses });
        return;
      case 'numeric':
        if (c.lower?.value instanceof JsonNumber || c.upper?.value instanceof JsonNumber) {
          this.others.push({ key: c, clauses }); // a bound no double holds: compared exactly, by testLeaf
          return;
        }
        this.ranges.push({
          lo: (c.lower?.value as number | undefined) ?? Number.NEGATIVE_INFINITY,
          loInc: c.lower?.inclusive ?? true,
          hi: (c.upper?.value as number | undefined) ?? Number.POSITIVE_INFINITY,
          hiInc: c.upper?.inclusive ?? true,
          clauses,
        });
        return;
      case 'exists':
        if (c.value) this.existing = clauses;
        return;
      default:
        this.others.push({ key: c, clauses });
    }
  }
}

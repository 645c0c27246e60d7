/**
 * A deterministic mix of inserts, updates and deletes in transactions, for the CDC kill -9 tests
 * and benchmarks (not a test file itself): the SQL of each transaction, and what each primary key
 * must go through, in commit order.
 */

/** One change as planned: `v` is the row's version after it (deletes keep the last version). */
export interface PlannedChange {
  op: 'c' | 'u' | 'd';
  id: number;
  v: number;
}

/** Transactions of `perTx` changes, `total` in all, over ids 0..keys-1; a small LCG makes it the same every run. */
export function planChanges(total: number, perTx: number, keys: number): PlannedChange[][] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const versions = new Map<number, number>();
  const transactions: PlannedChange[][] = [];
  for (let made = 0; made < total; ) {
    const tx: PlannedChange[] = [];
    for (let i = 0; i < perTx && made < total; i++, made++) {
      const id = Math.floor(random() * keys);
      const v = versions.get(id);
      if (v === undefined) {
        versions.set(id, 1);
        tx.push({ op: 'c', id, v: 1 });
      } else if (random() < 0.25) {
        versions.delete(id);
        tx.push({ op: 'd', id, v });
      } else {
        versions.set(id, v + 1);
        tx.push({ op: 'u', id, v: v + 1 });
      }
    }
    transactions.push(tx);
  }
  return transactions;
}

/** The SQL of one transaction on `table (id int primary key, v int, note text)`, statements joined by `;`. */
export function transactionSql(table: string, tx: PlannedChange[]): string {
  const statements = tx.map((change) => {
    if (change.op === 'c') return `INSERT INTO ${table} (id, v, note) VALUES (${change.id}, 1, 'row ${change.id}')`;
    if (change.op === 'u') return `UPDATE ${table} SET v = ${change.v} WHERE id = ${change.id}`;
    return `DELETE FROM ${table} WHERE id = ${change.id}`;
  });
  return ['BEGIN', ...statements, 'COMMIT'].join(';\n');
}

/** Per id, the steps it must be delivered in: `c:1`, `u:<v>`, `d`. */
export function expectedSteps(transactions: PlannedChange[][]): Map<number, string[]> {
  const steps = new Map<number, string[]>();
  for (const change of transactions.flat()) {
    const list = steps.get(change.id) ?? [];
    list.push(change.op === 'd' ? 'd' : `${change.op}:${change.v}`);
    steps.set(change.id, list);
  }
  return steps;
}

/** A delivered change event, as the file sink writes it under the ORIGINAL transform. */
export interface DeliveredChange {
  id: string;
  data: { op: string; key: { id: number | string }; before: { v?: number } | null; after: { v: number } | null };
}

/** Per id, the steps delivered (as expectedSteps words them), each event counted at its first delivery only. */
export function deliveredSteps(lines: DeliveredChange[]): Map<number, string[]> {
  const seen = new Set<string>();
  const steps = new Map<number, string[]>();
  for (const { id, data } of lines) {
    if (seen.has(id)) continue;
    seen.add(id);
    const key = Number(data.key.id);
    const list = steps.get(key) ?? [];
    list.push(data.op === 'd' ? 'd' : `${data.op}:${data.after!.v}`);
    steps.set(key, list);
  }
  return steps;
}

/** The ratios of repeated Kafka runs, gathered from their lines: each run's, and the median. */
export class RunSummary {
  private readonly ratios = new Map<string, number[]>();
  private readonly p99 = new Map<string, number[]>();

  /** Takes a report line; lines with a ratio or a live p99 are kept. */
  note(line: object): void {
    const fields = line as Record<string, unknown>;
    const who = `${String(fields.bench)}${String(fields.peer).includes('exactly-once') ? ' exactly-once' : ''}`;
    const side = String(fields.peer).startsWith('conflux') ? 'conflux' : 'reference';
    for (const field of ['ratioToReference', 'ratioToConnect', 'ratioToAtLeastOnce']) {
      const value = fields[field];
      if (typeof value === 'number') push(this.ratios, `${who} ${field}`, value);
    }
    if (fields.bench === 'pipeline-live' && typeof fields.p99Ms === 'number')
      push(this.p99, `${who} ${side}`, fields.p99Ms);
  }

  /** The summary line of `runs` runs. */
  line(runs: number): object {
    const each = (map: Map<string, number[]>) =>
      Object.fromEntries([...map].map(([name, values]) => [name, { each: values, median: median(values) }]));
    return { bench: 'kafka-summary', runs, ratios: each(this.ratios), liveP99Ms: each(this.p99) };
  }
}

function push(map: Map<string, number[]>, name: string, value: number): void {
  const list = map.get(name);
  if (list === undefined) map.set(name, [value]);
  else list.push(value);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 100) / 100;
}

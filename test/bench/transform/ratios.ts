// The targets of issue 6, as ratios of conflux's line to a peer line of the same reference run.

/** One benchmark line (conflux's or the reference runner's). */
export type Line = Record<string, unknown> & {
  form: string;
  spec: string;
  peer: string;
  eventsPerSec?: number;
  batch?: number;
};

/** Which peer each spec is measured against, and the ratio it must reach (NaN: no target, ratio shown). */
const TARGETS: { form: string; spec: string; peer: (name: string) => boolean; batch?: number; min: number }[] = [
  { form: 'ORIGINAL', spec: 'original', peer: (p) => p === 'JSON.stringify', min: 1.0 },
  { form: 'CONSTANT', spec: 'constant', peer: (p) => p === 'return-constant', min: Number.NaN },
  { form: 'JSONPATH', spec: 'data.key', peer: (p) => p.startsWith('jsonpath-plus@'), min: 8 },
  { form: 'JSONPATH', spec: 'data.value', peer: (p) => p.startsWith('jsonpath-plus@'), min: 1.5 },
  { form: 'TEMPLATE', spec: 'template4', peer: (p) => p.startsWith('jsonpath-plus@') && p.endsWith('+regex'), min: 25 },
  { form: 'JSONATA', spec: 'reshape', peer: (p) => p.startsWith('jsonata@'), min: 0.9 },
  { form: 'FUNCTION', spec: 'id-key', peer: (p) => p === 'worker-thread', batch: 100, min: 0.9 },
];

/** One summary row per conflux line: the ratio to its peer and whether the target is met. */
export function ratioRows(mine: Line[], reference: Line[]): Record<string, unknown>[] {
  return mine.map((line) => {
    const target = TARGETS.find((t) => t.form === line.form && t.spec === line.spec);
    const peers = reference.filter(
      (r) =>
        target !== undefined &&
        r.form === line.form &&
        r.spec === line.spec &&
        target.peer(r.peer) &&
        r.batch === line.batch,
    );
    const applies =
      target !== undefined && !Number.isNaN(target.min) && (target.batch === undefined || target.batch === line.batch);
    // Baselines measured before and after conflux's lines: their mean.
    const peer = peers[0];
    const rates = peers.map((p) => p.eventsPerSec ?? 0).filter((r) => r > 0);
    const peerRate = rates.length === 0 ? undefined : rates.reduce((a, b) => a + b, 0) / rates.length;
    const ratio = peerRate && line.eventsPerSec ? line.eventsPerSec / peerRate : undefined;
    return {
      form: line.form,
      spec: line.spec,
      peer: line.peer,
      ...(line.batch === undefined ? {} : { batch: line.batch }),
      eventsPerSec: line.eventsPerSec,
      against: peer === undefined ? null : `${peer.peer}${peer.batch === undefined ? '' : ` batch ${peer.batch}`}`,
      peerEventsPerSec: peerRate === undefined ? null : Math.round(peerRate),
      peerRuns: rates.map((r) => Math.round(r)),
      ratio: ratio === undefined ? null : Math.round(ratio * 100) / 100,
      target: applies ? target.min : null,
      met: ratio === undefined || !applies ? null : ratio >= target.min,
      sha256Matches: line.agree,
    };
  });
}

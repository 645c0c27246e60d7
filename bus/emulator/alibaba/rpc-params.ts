import { invalidArgument } from './errors.js';
import { isObject, type JsonObject } from './params.js';

/** Parameters the RPC style itself adds, not the operation's. */
const COMMON = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'AccessKeyId',
  'SecurityToken',
  'Signature',
  'RegionId',
]);

/**
 * The RPC style's flat parameters as the operation's object: `Source.SourceKafkaParameters.Topic=t`
 * nests, `EventStreamingNames.1=a` makes a list (1-based, as pop-core numbers them); objects may
 * also come whole as JSON text (`Source={"SourceKafkaParameters":…}`, as Terraform sends them),
 * which the operation reads.
 */
export function rpcParams(pairs: [string, string][]): JsonObject {
  const root: JsonObject = {};
  for (const [key, value] of pairs) {
    if (COMMON.has(key)) continue;
    const segments = key.split('.');
    let holder: JsonObject = root;
    segments.forEach((segment, i) => {
      if (segment === '' || segment === '__proto__') throw invalidArgument(key, 'not a parameter name');
      if (i === segments.length - 1) {
        holder[segment] = value;
        return;
      }
      const next = holder[segment];
      if (next !== undefined && !isObject(next))
        throw invalidArgument(key, `${segments.slice(0, i + 1).join('.')} is given both as a value and as an object`);
      if (next === undefined) holder[segment] = {};
      holder = holder[segment] as JsonObject;
    });
  }
  return listify(root) as JsonObject;
}

/** Objects whose keys are exactly 1..n become lists. */
function listify(value: unknown): unknown {
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = listify(value[key]);
  const numbered = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (!numbered) return value;
  const sorted = keys.map(Number).sort((a, b) => a - b);
  return sorted.every((n, i) => n === i + 1) ? sorted.map((n) => value[String(n)]) : value;
}

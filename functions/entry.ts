import type { z } from 'zod';
import type { Triggers } from './adapters/triggers.js';
import type { Connector } from './shared/settings/connector.js';

/** One deployable function: a source, a transformer or a sink, living in its own folder. */
export interface FunctionEntry {
  kind: 'source' | 'transformer' | 'sink';
  /** The word users write in conflux.yaml: a source/sink `type` (`postgres`) or a transform `form` (`JSONPATH`). */
  type: string;
  /** The deployable name: `sink-postgres`, `transformer-jsonpath`, `source-kafka`. */
  name: string;
  /** The function's folder, relative to the repository root; its `handler.ts` is the bundle entry. */
  dir: string;
  /** The strict schema of the type-specific fields in conflux.yaml (sources and sinks). */
  config?: z.ZodType;
  /** The connector's declaration (field table, docs), for sources and sinks declared with one. */
  connector?: Connector;
  /**
   * What invokes the deployed function (a connector's declared `triggers`; every transformer: Kafka,
   * and EventBridge on FC); undefined: it is not deployed (a source only the emulator runs).
   */
  triggers?: Triggers;
}

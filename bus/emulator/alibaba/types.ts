import type { Emulator } from '../emulator.js';
import type { AlibabaBusStore } from './bus-store.js';
import type { KafkaClusters } from './clusters.js';
import type { EventTargets } from './event-targets.js';
import type { JsonObject, Params } from './params.js';

/** The emulator's task operations this API drives: the same tasks as conflux.yaml, the task API and the console. */
export type StreamTasks = Pick<
  Emulator,
  'create' | 'update' | 'start' | 'pause' | 'remove' | 'view' | 'metrics' | 'list' | 'definition' | 'deliver'
>;

/** What every operation gets: the tasks, conflux.yaml's Kafka clusters, and who is asking where. */
export interface AlibabaContext {
  tasks: StreamTasks;
  clusters: KafkaClusters;
  /** From the request (the SDK's `x-eventbridge-regionId`, the RPC `RegionId`); ARNs carry it. */
  region: string;
  /** The account ARNs and ResourceOwnerAccountId name. */
  account: string;
  /** The buses, rules and targets of the caller's region. */
  buses: AlibabaBusStore;
  /** Where matched events go. */
  targets: EventTargets;
}

/** One API operation: its parameters → the fields of its answer. */
export type Operation = (params: Params, context: AlibabaContext) => Promise<JsonObject>;

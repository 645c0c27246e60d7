import type { PackageTrim, Replacement } from './rule.js';

/** kafkajs protocol requests only consumers and admins send; a producer never needs them. */
const CONSUMER_AND_ADMIN_REQUESTS = [
  'fetch',
  'listOffsets',
  'offsetCommit',
  'offsetFetch',
  'joinGroup',
  'heartbeat',
  'leaveGroup',
  'syncGroup',
  'describeGroups',
  'listGroups',
  'deleteGroups',
  'createTopics',
  'deleteTopics',
  'createPartitions',
  'describeConfigs',
  'alterConfigs',
  'createAcls',
  'describeAcls',
  'deleteAcls',
  'deleteRecords',
  'alterPartitionReassignments',
  'listPartitionReassignments',
  'txnOffsetCommit',
  'addOffsetsToTxn',
];

const fail = (what: string) => `throw new Error('kafkajs ${what} is left out of conflux bundles (they only produce)')`;
const client =
  (name: string): Replacement =>
  () => ({ contents: `module.exports = () => { ${fail(name)}; };` });
const request =
  (name: string): Replacement =>
  () => ({ contents: `module.exports = { versions: [], protocol: () => { ${fail(`request ${name}`)}; } };` });

const CLIENTS = /[\\/]kafkajs[\\/]src[\\/]index\.js$/;
const REQUESTS = /[\\/]kafkajs[\\/]src[\\/]protocol[\\/]requests[\\/]index\.js$/;

/**
 * Functions only produce to Kafka (a deployed source is Lambda's or EventBridge's own consumer), so
 * kafkajs's consumer and admin clients, and the protocol requests only they send — half of kafkajs —
 * are left out of every bundle; using them there throws. This keeps the Kafka sink under the limit.
 */
export const kafkajsProducerOnly: PackageTrim = {
  name: 'kafkajs-producer-only',
  package: 'kafkajs',
  checkedAgainst: { kafkajs: '2.2.4' },
  rules: [
    ...['consumer', 'admin'].map((name) => ({
      name: `the kafkajs ${name} client`,
      importer: CLIENTS,
      request: new RegExp(`^\\./${name}$`),
      replace: client(name),
    })),
    ...CONSUMER_AND_ADMIN_REQUESTS.map((name) => ({
      name: `the kafkajs ${name} request`,
      importer: REQUESTS,
      request: new RegExp(`^\\./${name}$`),
      replace: request(name),
    })),
  ],
};

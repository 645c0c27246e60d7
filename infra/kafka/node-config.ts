/**
 * The server.properties of one node of a local KRaft cluster: every node is a combined controller and
 * broker on loopback; with three nodes, replication factor 3 and `min.insync.replicas=2` everywhere
 * (the internal topics too), so one node may die without losing an acknowledged `acks: all` write.
 */

/** One node's place in the cluster. */
export interface KafkaNode {
  /** 1..n, the KRaft node id. */
  id: number;
  /** The client (PLAINTEXT) port. */
  port: number;
  /** The controller port. */
  controllerPort: number;
  /** The node's folder: its properties, its server.log and (under `data/`) its log and metadata. */
  dir: string;
}

/** server.properties text for `node` in a cluster of `nodes` (including it). */
export function nodeProperties(node: KafkaNode, nodes: KafkaNode[]): string {
  const replicas = Math.min(3, nodes.length);
  const minInSync = replicas >= 3 ? 2 : 1;
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': `${node.dir}/data`,
    'num.partitions': 1,
    'default.replication.factor': replicas,
    'min.insync.replicas': minInSync,
    'offsets.topic.replication.factor': replicas,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minInSync,
    // fewer internal partitions than the defaults (50): the first group or transaction waits for all of them
    'offsets.topic.num.partitions': 6,
    'transaction.state.log.num.partitions': 6,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    'delete.topic.enable': true,
    // a test or bench cluster: leadership returns to the preferred replica soon after a restart
    'leader.imbalance.check.interval.seconds': 10,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** log4j2 settings: INFO and above into `<dir>/server.log`, nothing on the console. */
export function log4jProperties(dir: string): string {
  return [
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.file.ref=file',
    'appender.file.type=File',
    'appender.file.name=file',
    `appender.file.fileName=${dir}/server.log`,
    'appender.file.layout.type=PatternLayout',
    'appender.file.layout.pattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

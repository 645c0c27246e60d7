/**
 * Topics of the embedded log: `<data dir>/topics/<topic>/topic.json` holds the partition count and
 * segment size, fixed when the first process creates the topic (created with link(), so two processes
 * creating one topic at once agree on whichever came first).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LogError } from '../errors.js';
import { fsyncDir } from './segment.js';

/** What is fixed about a topic once it exists. */
export interface TopicMeta {
  partitions: number;
  segmentBytes: number;
}

/** True for a name Kafka accepts: 1-249 of `[A-Za-z0-9._-]`, and not `.` or `..` (names become directories). */
export function isTopicName(topic: string): boolean {
  return /^[A-Za-z0-9._-]{1,249}$/.test(topic) && topic !== '.' && topic !== '..';
}

/** Rejects names Kafka would refuse (they also become directory names here). */
export function checkTopicName(topic: string): void {
  if (!isTopicName(topic)) {
    throw new LogError('log.topic-name', `topic name ${JSON.stringify(topic)} must be 1-249 of [A-Za-z0-9._-]`, {
      path: topic,
    });
  }
}

/** The directory of a topic's partition. */
export function partitionDir(dataDir: string, topic: string, partition: number): string {
  return join(dataDir, 'topics', topic, String(partition));
}

function readMeta(path: string): TopicMeta | null {
  try {
    const meta = JSON.parse(readFileSync(path, 'utf8')) as Partial<TopicMeta>;
    if (Number.isInteger(meta.partitions) && Number.isInteger(meta.segmentBytes)) return meta as TopicMeta;
    throw new LogError('log.corrupt', `${path} does not hold a partition count and segment size`, { path });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads a topic's meta, creating the topic with `wanted` when it does not exist yet. */
export function openTopic(dataDir: string, topic: string, wanted: TopicMeta): TopicMeta {
  checkTopicName(topic);
  const dir = join(dataDir, 'topics', topic);
  const path = join(dir, 'topic.json');
  const existing = readMeta(path);
  if (existing !== null) return existing;
  if (!Number.isInteger(wanted.partitions) || wanted.partitions < 1) {
    throw new LogError('log.partition', `a topic needs at least 1 partition, got ${wanted.partitions}`, {
      path: topic,
    });
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, `${JSON.stringify(wanted)}\n`);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    fsyncDir(dir);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  } finally {
    unlinkSync(tmp);
  }
  return readMeta(path)!;
}

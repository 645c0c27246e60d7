import type { Redis } from 'ioredis';

/** Kills the connections named `name` (CLIENT KILL has no name filter: their ids come from CLIENT LIST). */
export async function killClients(redis: Redis, name: string): Promise<void> {
  const list = (await redis.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1]);
  if (ids.length === 0) throw new Error(`no Redis client named ${name}`);
  for (const id of ids) await redis.client('KILL', 'ID', id!);
}

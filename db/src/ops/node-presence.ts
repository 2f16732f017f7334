/**
 * Realtime nodes announce themselves in Redis (one key per node, expiring), so any node can say how
 * many sockets every node holds. A node that dies simply stops refreshing and drops out after TTL.
 */
import type { Redis } from 'ioredis';

export interface NodePresence {
  nodeId: string;
  sockets: number;
  /** Epoch ms of the announcement. */
  at: number;
}

const keyOf = (prefix: string, nodeId: string) => `${prefix}:ops:node:${nodeId}`;

export async function announceNode(
  redis: Redis,
  prefix: string,
  presence: NodePresence,
  ttlMs: number,
): Promise<void> {
  await redis.set(keyOf(prefix, presence.nodeId), JSON.stringify(presence), 'PX', ttlMs);
}

export async function withdrawNode(redis: Redis, prefix: string, nodeId: string): Promise<void> {
  await redis.del(keyOf(prefix, nodeId));
}

/** Every node announced and not yet expired, sorted by id. */
export async function listNodes(redis: Redis, prefix: string): Promise<NodePresence[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keyOf(prefix, '*'), 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values
    .flatMap((v) => {
      if (!v) return [];
      try {
        return [JSON.parse(v) as NodePresence];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.nodeId.localeCompare(b.nodeId));
}

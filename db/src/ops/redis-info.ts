/**
 * Redis `INFO` text → the figures an operator watches. BullMQ needs `maxmemory-policy noeviction`:
 * any evicting policy can silently drop queued jobs, so the ops page warns on anything else.
 */

export interface RedisFigures {
  usedMemoryBytes: number;
  /** 0 when no limit is set. */
  maxMemoryBytes: number;
  maxMemoryPolicy: string;
  evictedKeys: number;
  connectedClients: number;
  /** True unless the policy is `noeviction`. */
  evictionRisk: boolean;
}

/** `key:value` lines of every section; comments and blank lines skipped. */
export function parseRedisInfo(info: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf(':');
    if (at > 0) out.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return out;
}

export function redisFigures(info: string): RedisFigures {
  const m = parseRedisInfo(info);
  const num = (key: string) => {
    const v = Number(m.get(key));
    return Number.isFinite(v) ? v : 0;
  };
  const policy = m.get('maxmemory_policy') ?? 'unknown';
  return {
    usedMemoryBytes: num('used_memory'),
    maxMemoryBytes: num('maxmemory'),
    maxMemoryPolicy: policy,
    evictedKeys: num('evicted_keys'),
    connectedClients: num('connected_clients'),
    evictionRisk: policy !== 'noeviction',
  };
}

/** Read the figures over any client that can send `INFO`. */
export async function readRedisFigures(redis: { info(): Promise<string> }): Promise<RedisFigures> {
  return redisFigures(await redis.info());
}

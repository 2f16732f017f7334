/** This node's socket count, announced to Redis every few seconds for the ops page (db/ops/node-presence). */
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { announceNode, withdrawNode } from '@rlcoach/db/ops/node-presence';
import { socketConnections } from '@rlcoach/db/observability/metrics';
import type { Logger } from '../ports.js';
import type { RealtimeServer } from '../socket-types.js';

export function startPresence(
  io: RealtimeServer,
  redis: Redis,
  prefix: string,
  log: Logger,
  intervalMs = 5000,
): { nodeId: string; stop(): Promise<void> } {
  const nodeId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 6)}`;
  const announce = () => {
    const sockets = io.of('/').sockets.size;
    socketConnections.set(sockets);
    announceNode(redis, prefix, { nodeId, sockets, at: Date.now() }, intervalMs * 3).catch((err: unknown) =>
      log.warn('node announcement failed', { err }),
    );
  };
  announce();
  const timer = setInterval(announce, intervalMs);
  timer.unref();
  return {
    nodeId,
    async stop() {
      clearInterval(timer);
      await withdrawNode(redis, prefix, nodeId).catch(() => undefined);
    },
  };
}

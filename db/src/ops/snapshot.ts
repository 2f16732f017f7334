/**
 * One ops snapshot from every source (contracts/ops.ts): BullMQ queues, Redis INFO, the realtime
 * nodes' announcements, Postgres connections and the coach's spend. A collector keeps the previous
 * totals so each sample carries rates; realtime samples only while an admin watches.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName } from '../contracts/jobs.js';
import type { CoachSpendView, OpsSnapshot } from '../contracts/ops.js';
import { postgresConnections } from '../repositories/ops-repository.js';
import { listNodes } from './node-presence.js';
import { readQueue, type RateMark } from './queue-stats.js';
import { readRedisFigures } from './redis-info.js';

const RATE_WINDOW_MS = 60_000;

export interface OpsCollectorOptions {
  redis: Redis;
  bullmqPrefix: string;
  em: () => EntityManager;
  /**
   * The coach's token spend, when a coach is installed; absent means "coach not enabled" (the page
   * says so rather than showing zeros).
   */
  coachSpend?: () => Promise<Exclude<CoachSpendView, { enabled: false }>>;
}

export interface OpsCollector {
  sample(): Promise<OpsSnapshot>;
  close(): Promise<void>;
}

export function createOpsCollector(options: OpsCollectorOptions): OpsCollector {
  // Reading queues needs no connection of its own: BullMQ duplicates nothing for getters.
  const queues = Object.values(QueueName).map(
    (name) => new Queue(name, { connection: options.redis, prefix: options.bullmqPrefix }),
  );
  // Each queue's totals over the last minute of samples: rates are per minute over that window,
  // steadier than the difference between two samples a couple of seconds apart.
  const marks = new Map<string, RateMark[]>();
  return {
    async sample() {
      const now = Date.now();
      const [queueReads, redis, nodes, postgres, coach] = await Promise.all([
        Promise.all(queues.map((q) => readQueue(q, marks.get(q.name)?.[0], now))),
        readRedisFigures(options.redis),
        listNodes(options.redis, options.bullmqPrefix),
        postgresConnections(options.em()),
        options.coachSpend ? options.coachSpend() : Promise.resolve({ enabled: false } as const),
      ]);
      for (const r of queueReads) {
        const kept = (marks.get(r.view.name) ?? []).filter((m) => now - m.at <= RATE_WINDOW_MS);
        marks.set(r.view.name, [...kept, r.mark]);
      }
      return {
        sampledAt: new Date(now).toISOString(),
        queues: queueReads.map((r) => r.view),
        workerProcesses: [...new Set(queueReads.flatMap((r) => r.workerNames))].sort(),
        nodes,
        redis,
        postgres,
        coach,
      };
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

/**
 * The ops page's live picture, as realtime samples it and sends it with `ops:snapshot` to the
 * `ops` room (admins only, see policy.canOperate). Every figure is read from Redis, BullMQ or
 * Postgres at `sampledAt`; nothing is estimated.
 */
import type { RedisFigures } from '../ops/redis-info.js';

export interface QueueJobCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  completed: number;
  failed: number;
}

export interface FailedJobView {
  id: string;
  name: string;
  /** BullMQ's failedReason: the error the job ended with. */
  reason: string;
  attemptsMade: number;
  /** Epoch ms. */
  failedAt: number | null;
}

export interface ActiveJobView {
  id: string;
  name: string;
  /** The worker (`<host>:<pid>`) holding the job's lock, when it says. */
  worker: string | null;
  /** Epoch ms. */
  startedAt: number | null;
}

export interface QueueView {
  name: string;
  counts: QueueJobCounts;
  /**
   * Jobs finished per minute over the last minute of samples (BullMQ's own finish counts); null on
   * the first sample, when there is nothing to compare with.
   */
  completedPerMinute: number | null;
  failedPerMinute: number | null;
  /** Workers connected to this queue (Redis client names). */
  workers: number;
  active: ActiveJobView[];
  /** The most recent failures, newest first. */
  recentFailures: FailedJobView[];
}

export interface RealtimeNodeView {
  nodeId: string;
  sockets: number;
  /** Epoch ms of the node's last announcement. */
  at: number;
}

/** Coach spend, or the honest absence of a coach. */
export type CoachSpendView =
  { enabled: false } | { enabled: true; inputTokens: number; outputTokens: number; since: string };

export interface OpsSnapshot {
  /** ISO 8601. */
  sampledAt: string;
  queues: QueueView[];
  /** Distinct worker processes across all queues. */
  workerProcesses: string[];
  nodes: RealtimeNodeView[];
  redis: RedisFigures;
  postgres: { connections: number; maxConnections: number };
  coach: CoachSpendView;
}

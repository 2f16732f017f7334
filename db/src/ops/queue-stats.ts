/**
 * Per-queue figures from BullMQ: counts by state, the jobs running now and who runs them, the latest
 * failures with their reasons, connected workers, and finish rates from BullMQ's own metrics
 * (the workers record them per minute; the total count is diffed between two samples).
 */
import type { Queue } from 'bullmq';
import type { ActiveJobView, FailedJobView, QueueJobCounts, QueueView } from '../contracts/ops.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
const LIST_LIMIT = 10;

/** The running totals a rate is computed from, kept between samples by the caller. */
export interface RateMark {
  at: number;
  completed: number;
  failed: number;
}

/** `since`: the totals the rates are computed from (the oldest sample kept in the rate window). */
export async function readQueue(
  queue: Queue,
  since: RateMark | undefined,
  now = Date.now(),
): Promise<{ view: QueueView; mark: RateMark; workerNames: string[] }> {
  const [rawCounts, active, failed, workers, completedMetrics, failedMetrics] = await Promise.all([
    queue.getJobCounts(...STATES),
    queue.getActive(0, LIST_LIMIT - 1),
    queue.getFailed(0, LIST_LIMIT - 1),
    queue.getWorkers().catch(() => [] as { [k: string]: string }[]),
    queue.getMetrics('completed', 0, 0),
    queue.getMetrics('failed', 0, 0),
  ]);
  const counts = Object.fromEntries(STATES.map((s) => [s, rawCounts[s] ?? 0])) as unknown as QueueJobCounts;
  const mark: RateMark = {
    at: now,
    completed: completedMetrics.meta.count,
    failed: failedMetrics.meta.count,
  };
  const perMinute = (key: 'completed' | 'failed') => {
    if (!since || now <= since.at) return null;
    return Math.max(0, ((mark[key] - since[key]) * 60_000) / (now - since.at));
  };
  const view: QueueView = {
    name: queue.name,
    counts,
    completedPerMinute: perMinute('completed'),
    failedPerMinute: perMinute('failed'),
    workers: workers.length,
    active: active.filter(Boolean).map((j): ActiveJobView => ({
      id: String(j.id),
      name: j.name,
      worker: j.processedBy ?? null,
      startedAt: j.processedOn ?? null,
    })),
    recentFailures: failed.filter(Boolean).map((j): FailedJobView => ({
      id: String(j.id),
      name: j.name,
      reason: j.failedReason ?? 'no reason recorded',
      attemptsMade: j.attemptsMade,
      failedAt: j.finishedOn ?? null,
    })),
  };
  return { view, mark, workerNames: workers.map(workerName).filter((n): n is string => n !== null) };
}

/**
 * BullMQ names its worker connections `<prefix>:<base64 queue>:w:<worker name>` (kept as `rawname`;
 * `name` is the queue's); the worker name is ours (`<host>:<pid>`). Unnamed workers have none.
 */
export function workerName(client: { [k: string]: string }): string | null {
  const raw = client.rawname ?? '';
  const at = raw.indexOf(':w:');
  return at >= 0 ? raw.slice(at + 3) || null : null;
}

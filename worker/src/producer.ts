/**
 * Producer side of the replay queue: a fail-fast Queue (an upload gets a clear error when Redis
 * is down instead of hanging) and typed enqueue helpers with derived, idempotent job ids.
 */
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { JobName, QueueName, jobIdFor, type JobMap, type ReplayProcessData } from './contract.js';

export interface ProducerOptions {
  redisUrl: string;
  prefix: string;
}

/** Redis is unreachable: the caller gets this at once instead of a hanging request. */
export class QueueUnavailableError extends Error {
  readonly code = 'QUEUE_UNAVAILABLE';
  constructor(detail: string) {
    super(`the job queue is unavailable: ${detail}`);
    this.name = 'QueueUnavailableError';
  }
}

/** Upper bound for one producer call when Redis is connected but not answering. */
const CALL_TIMEOUT_MS = 3_000;

/**
 * A producer's Redis connection: no offline queue and few retries, so calls fail fast instead of
 * waiting for Redis. Shared by every producer (replays here, user-data jobs in user-data/).
 */
export function failFastConnection(redisUrl: string): Redis {
  const connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on('error', () => {
    // Errors surface on the calls that need Redis; this listener only stops the process-level crash.
  });
  return connection;
}

/** Run a Redis-backed call only when connected, bounded in time; QueueUnavailableError otherwise. */
export async function guardedCall<T>(connection: Redis, what: string, call: () => Promise<T>): Promise<T> {
  // Down (or given up) fails at once; a first connection still under way gets the time bound below.
  const status = connection.status;
  if (status === 'reconnecting' || status === 'close' || status === 'end')
    throw new QueueUnavailableError(`redis connection is ${status}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueueUnavailableError(`${what} took longer than ${CALL_TIMEOUT_MS} ms`)),
      CALL_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Close a producer's queue and its fail-fast connection without waiting for a Redis that is gone. */
export async function closeProducer(queue: Queue, connection: Redis): Promise<void> {
  // Queue.close waits for a connection that may never come; disconnecting first lets it settle.
  if (connection.status !== 'ready') connection.disconnect();
  await queue.close().catch(() => {});
  connection.disconnect();
}

export const REPLAY_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  // Keep a few completed jobs for inspection and many more failed ones for debugging.
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
};

export class ReplayProducer {
  readonly queue: Queue<
    ReplayProcessData,
    JobMap[typeof JobName.ReplayProcess]['result'],
    typeof JobName.ReplayProcess
  >;
  private readonly connection: Redis;

  constructor(options: ProducerOptions) {
    this.connection = failFastConnection(options.redisUrl);
    this.queue = new Queue(QueueName.Replays, {
      connection: this.connection,
      prefix: options.prefix,
      defaultJobOptions: REPLAY_JOB_OPTIONS,
    });
    this.queue.on('error', () => {});
  }

  private guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
    return guardedCall(this.connection, what, call);
  }

  /** Resolves once Redis answers (useful at start-up; enqueue also fails fast without it). */
  async ready(): Promise<void> {
    await this.guarded('connect', () => this.queue.waitUntilReady());
  }

  /** Enqueue the processing of one replay. Enqueueing the same replay twice is a no-op (same job id). */
  async enqueueReplay(replayId: string): Promise<string> {
    const jobId = jobIdFor(JobName.ReplayProcess, replayId);
    const job = await this.guarded('enqueue', () =>
      this.queue.add(JobName.ReplayProcess, { replayId }, { jobId }),
    );
    return job.id ?? jobId;
  }

  /** Whether BullMQ still holds a job for this replay (any state). */
  async hasJob(replayId: string): Promise<boolean> {
    return (
      (await this.guarded('job lookup', () =>
        this.queue.getJob(jobIdFor(JobName.ReplayProcess, replayId)),
      )) !== undefined
    );
  }

  /** Jobs waiting, delayed or running: compared with QUEUE_MAX_DEPTH for backpressure. */
  async queueDepth(): Promise<number> {
    const c = await this.guarded('queue depth', () =>
      this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized'),
    );
    return (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
  }

  async close(): Promise<void> {
    await closeProducer(this.queue, this.connection);
  }
}

/**
 * Producer side of the replay queue: a fail-fast Queue (an upload gets a clear error when Redis
 * is down instead of hanging) and typed enqueue helpers with derived, idempotent job ids.
 */
import { Queue, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import {
  JobName,
  QueueName,
  REPLAY_REANALYSE_PRIORITY,
  jobIdFor,
  reanalyseJobId,
  type JobMap,
  type ReplayReanalyseData,
} from '../contracts/jobs.js';

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

/**
 * Re-analyses: retried like processing (a timeout on a busy machine is transient), at a low
 * priority; a completed one is removed (the replay row records the outcome), so a replay made
 * stale again later can be enqueued again under the same id.
 */
export const REPLAY_REANALYSE_JOB_OPTIONS: JobsOptions = {
  ...REPLAY_JOB_OPTIONS,
  priority: REPLAY_REANALYSE_PRIORITY,
  removeOnComplete: true,
  removeOnFail: { count: 1_000, age: 7 * 24 * 3600 },
};

type ReplayJobName = typeof JobName.ReplayProcess | typeof JobName.ReplayReanalyse;
type ReplayJobData = JobMap[ReplayJobName]['data'];
type ReplayJobResult = JobMap[ReplayJobName]['result'];
export type ReplayQueueJob = Job<ReplayJobData, ReplayJobResult, ReplayJobName>;

export class ReplayProducer {
  readonly queue: Queue<ReplayJobData, ReplayJobResult, ReplayJobName>;
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

  /**
   * Enqueue the re-analysis of one finished replay to `analysisVersion`, below every upload.
   * The job id is derived from both, so enqueueing the same re-analysis twice is a no-op.
   */
  async enqueueReanalyse(replayId: string, analysisVersion: number): Promise<string> {
    const jobId = reanalyseJobId(replayId, analysisVersion);
    const data: ReplayReanalyseData = { replayId, analysisVersion };
    const job = await this.guarded('enqueue', () =>
      this.queue.add(JobName.ReplayReanalyse, data, { ...REPLAY_REANALYSE_JOB_OPTIONS, jobId }),
    );
    return job.id ?? jobId;
  }

  /** The re-analysis job BullMQ still holds for this replay and version, if any (any state). */
  async reanalyseJob(replayId: string, analysisVersion: number): Promise<ReplayQueueJob | undefined> {
    return this.guarded('job lookup', () => this.queue.getJob(reanalyseJobId(replayId, analysisVersion)));
  }

  /** Whether BullMQ still holds a job for this replay (any state). */
  async hasJob(replayId: string): Promise<boolean> {
    return (
      (await this.guarded('job lookup', () =>
        this.queue.getJob(jobIdFor(JobName.ReplayProcess, replayId)),
      )) !== undefined
    );
  }

  /**
   * Jobs waiting, delayed or running: compared with QUEUE_MAX_DEPTH for backpressure. Prioritised
   * jobs (background re-analyses) are left out: they never delay an upload, so they must not
   * refuse one.
   */
  async queueDepth(): Promise<number> {
    const c = await this.guarded('queue depth', () =>
      this.queue.getJobCounts('waiting', 'delayed', 'active'),
    );
    return (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0);
  }

  async close(): Promise<void> {
    await closeProducer(this.queue, this.connection);
  }
}

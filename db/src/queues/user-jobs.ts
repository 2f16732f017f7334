/**
 * Producer side of the user-data jobs on the background queue: `user.export` (one job per export
 * request) and `user.delete` (one delayed job per user, id derived from the user id so it can be
 * found again to cancel). Used by web (the Settings actions) and by the worker's start-up sweep.
 * Fails fast like the replay producer: callers get QueueUnavailableError instead of hanging.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  JobName,
  QueueName,
  USER_DELETE_JOB_OPTIONS,
  USER_EXPORT_JOB_OPTIONS,
  jobIdFor,
  type UserDeleteData,
  type UserExportData,
} from '../contracts/jobs.js';
import { closeProducer, failFastConnection, guardedCall, type ProducerOptions } from './producer.js';

/** States in which a deletion job will still run by itself. */
const PENDING = new Set(['delayed', 'waiting', 'waiting-children', 'prioritized', 'active']);

type BackgroundData = UserExportData | UserDeleteData;

export class UserJobs {
  readonly queue: Queue<BackgroundData>;
  private readonly connection: Redis;

  constructor(options: ProducerOptions) {
    this.connection = failFastConnection(options.redisUrl);
    this.queue = new Queue<BackgroundData>(QueueName.Background, {
      connection: this.connection,
      prefix: options.prefix,
    });
    this.queue.on('error', () => {});
  }

  private guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
    return guardedCall(this.connection, what, call);
  }

  /** Queue the building of one export; enqueueing the same export twice is a no-op. */
  async enqueueExport(data: UserExportData): Promise<string> {
    const jobId = jobIdFor(JobName.UserExport, data.exportId);
    await this.guarded('enqueue export', () =>
      this.queue.add(JobName.UserExport, data, { ...USER_EXPORT_JOB_OPTIONS, jobId }),
    );
    return jobId;
  }

  async hasExportJob(exportId: string): Promise<boolean> {
    const job = await this.guarded('export lookup', () =>
      this.queue.getJob(jobIdFor(JobName.UserExport, exportId)),
    );
    return job !== undefined;
  }

  /**
   * Ensure a delayed `user.delete` job for `userId` runs at `dueAt`. A pending job is kept (the
   * database date is authoritative: the job re-checks it when it runs); a finished or failed one
   * left under the same id is replaced, otherwise BullMQ would ignore the new add.
   */
  async scheduleDeletion(userId: string, dueAt: Date): Promise<{ jobId: string; created: boolean }> {
    const jobId = jobIdFor(JobName.UserDelete, userId);
    return this.guarded('schedule deletion', async () => {
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        if (PENDING.has(await existing.getState())) return { jobId, created: false };
        await existing.remove();
      }
      await this.queue.add(
        JobName.UserDelete,
        { userId },
        { ...USER_DELETE_JOB_OPTIONS, jobId, delay: Math.max(0, dueAt.getTime() - Date.now()) },
      );
      return { jobId, created: true };
    });
  }

  /**
   * Remove the pending deletion job. A job already running cannot be removed; it re-reads the
   * (already cleared) schedule and deletes nothing. Returns whether a job was removed.
   */
  async cancelDeletion(userId: string): Promise<boolean> {
    const jobId = jobIdFor(JobName.UserDelete, userId);
    return this.guarded('cancel deletion', async () => {
      const job = await this.queue.getJob(jobId);
      if (!job) return false;
      const state = await job.getState();
      if (state === 'active') return false;
      await job.remove();
      return true;
    });
  }

  /** The deletion job's state, or null when there is none (tests and the sweep). */
  async deletionJobState(userId: string): Promise<string | null> {
    const job = await this.guarded('deletion lookup', () =>
      this.queue.getJob(jobIdFor(JobName.UserDelete, userId)),
    );
    return job ? await job.getState() : null;
  }

  async close(): Promise<void> {
    await closeProducer(this.queue, this.connection);
  }
}

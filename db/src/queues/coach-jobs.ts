/**
 * Producer side of the coach queue: realtime enqueues one `coach.reply` job per accepted question
 * (job id derived from the answer's message id, so a double enqueue is a no-op). Fails fast like
 * the other producers (QueueUnavailableError); the caller then ends the answer as failed.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobName, QueueName, jobIdFor, type CoachReplyData } from '../contracts/jobs.js';
import { closeProducer, failFastConnection, guardedCall, type ProducerOptions } from './producer.js';

/** One attempt: a retried stream would send the player the same words twice. */
export const COACH_REPLY_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
} as const;

export class CoachJobs {
  readonly queue: Queue<CoachReplyData>;
  private readonly connection: Redis;

  constructor(options: ProducerOptions) {
    this.connection = failFastConnection(options.redisUrl);
    this.queue = new Queue<CoachReplyData>(QueueName.Coach, {
      connection: this.connection,
      prefix: options.prefix,
    });
    this.queue.on('error', () => {});
  }

  async ready(): Promise<void> {
    await this.queue.waitUntilReady();
  }

  async enqueueReply(data: CoachReplyData): Promise<string> {
    const jobId = jobIdFor(JobName.CoachReply, data.messageId);
    await guardedCall(this.connection, 'enqueue coach reply', () =>
      this.queue.add(JobName.CoachReply, data, { ...COACH_REPLY_JOB_OPTIONS, jobId }),
    );
    return jobId;
  }

  async close(): Promise<void> {
    await closeProducer(this.queue, this.connection);
  }
}

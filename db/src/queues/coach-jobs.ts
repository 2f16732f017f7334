/**
 * Producer side of the coach queue: one `coach.reply` job per assistant message, its id derived
 * from the message id so a repeated enqueue of the same answer is a no-op. Used by realtime when a
 * player asks; fails fast like the other producers (QueueUnavailableError instead of hanging).
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobName, QueueName, jobIdFor, type CoachReplyData } from '../contracts/jobs.js';
import { closeProducer, failFastConnection, guardedCall, type ProducerOptions } from './producer.js';

/** One attempt: a retried answer would stream a second text into the same message. */
export const COACH_REPLY_JOB_OPTIONS = {
  attempts: 1,
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 1_000, age: 7 * 24 * 3600 },
} as const;

export const coachReplyJobId = (messageId: string): string => jobIdFor(JobName.CoachReply, messageId);

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
    await guardedCall(this.connection, 'connect', () => this.queue.waitUntilReady());
  }

  /** Queue the writing of one answer; the job id is derived from the message id. */
  async enqueueReply(data: CoachReplyData): Promise<string> {
    const jobId = coachReplyJobId(data.messageId);
    await guardedCall(this.connection, 'enqueue coach reply', () =>
      this.queue.add(JobName.CoachReply, data, { ...COACH_REPLY_JOB_OPTIONS, jobId }),
    );
    return jobId;
  }

  async close(): Promise<void> {
    await closeProducer(this.queue, this.connection);
  }
}

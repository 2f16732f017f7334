/** The coach queue's handlers: `coach.reply` (one streamed answer; I/O-bound, many at once). */
import type { Job } from 'bullmq';
import { JobName, type CoachReplyData, type CoachReplyResult } from '@rlcoach/db/contracts/jobs';
import type { Log } from '@rlcoach/db/logging/logger';
import type { JobTable } from './job-table.js';

export type CoachJobName = typeof JobName.CoachReply;

export function coachJobs(
  reply: (job: Job<CoachReplyData, CoachReplyResult>) => Promise<CoachReplyResult>,
  log: Log,
): JobTable<CoachJobName> {
  return {
    [JobName.CoachReply]: {
      run: (job) => reply(job),
      completed: (job, r) =>
        log.info('coach reply completed', {
          jobId: job.id,
          messageId: r.messageId,
          status: r.status,
          inputTokens: r.inputTokens,
          outputTokens: r.outputTokens,
        }),
    },
  };
}

/**
 * One table per queue maps each job name to its handler: what the job does (`run`) and the
 * bookkeeping after it (`completed`, `failedForGood`). The queue's Worker dispatches by looking
 * the name up; a name without an entry fails at once, unrecoverably.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { JobMap, JobName } from '@rlcoach/db/contracts/jobs';
import type { Log } from '@rlcoach/db/logging/logger';

export interface JobHandler<Data, Result> {
  run(job: Job<Data, Result>, token?: string): Promise<Result>;
  /** After the job completed (events to users, logs). Must not throw. */
  completed?(job: Job<Data, Result>, result: Result): Promise<void> | void;
  /** After the last attempt failed (BullMQ will not retry). Must not throw. */
  failedForGood?(job: Job<Data, Result>, err: Error): Promise<void> | void;
}

/** The handlers of one queue, typed by job name through the contract's JobMap. */
export type JobTable<N extends JobName> = {
  [K in N]: JobHandler<JobMap[K]['data'], JobMap[K]['result']>;
};

type AnyJob = Job<unknown, unknown>;

function handlerOf<N extends JobName>(
  table: JobTable<N>,
  name: string,
): JobHandler<unknown, unknown> | undefined {
  return Object.hasOwn(table, name) ? (table[name as N] as JobHandler<unknown, unknown>) : undefined;
}

/** The processor function for a queue's Worker. */
export function dispatcher<N extends JobName>(table: JobTable<N>, queue: string) {
  return (job: AnyJob, token?: string): Promise<unknown> => {
    const handler = handlerOf(table, job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}" on the ${queue} queue`);
    return handler.run(job, token);
  };
}

/** Whether BullMQ is done with this job: an unrecoverable error or the last attempt. */
export function isFinalFailure(job: AnyJob, err: Error): boolean {
  return err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Route the Worker's `completed` and `failed` events to the table's bookkeeping, with one log line
 * each (`label job completed` / `label job failed`, carrying the job's data and whether it was final).
 */
export function routeJobEvents<N extends JobName>(
  worker: Worker,
  table: JobTable<N>,
  log: Log,
  label = '',
): void {
  const prefix = label ? `${label} ` : '';
  const guard = (what: string, work: () => Promise<void> | void) =>
    Promise.resolve()
      .then(work)
      .catch((err: unknown) => log.error(`${what} failed`, { err }));
  worker.on('completed', (job: AnyJob, result: unknown) => {
    void guard(`${job.name} completion bookkeeping`, () =>
      handlerOf(table, job.name)?.completed?.(job, result),
    );
  });
  worker.on('failed', (job: AnyJob | undefined, err: Error) => {
    if (!job) return log.error(`${prefix}job failed`, { err });
    const final = isFinalFailure(job, err);
    log.warn(`${prefix}job failed`, {
      jobId: job.id,
      name: job.name,
      ...(job.data as object),
      final,
      attemptsMade: job.attemptsMade,
      err,
    });
    if (final)
      void guard(`${job.name} failure bookkeeping`, () =>
        handlerOf(table, job.name)?.failedForGood?.(job, err),
      );
  });
}

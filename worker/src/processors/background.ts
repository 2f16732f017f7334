/**
 * The background-queue Worker (in-process: these jobs are I/O-bound, unlike replay parsing):
 * `user.export` and `user.delete`, plus the user-data sweep at start and on an interval.
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { MikroORM } from '@rlcoach/db';
import type { WorkerConfig } from '../config.js';
import {
  JobName,
  QueueName,
  type UserDeleteData,
  type UserExportData,
  type UserDeleteResult,
  type UserExportResult,
} from '@rlcoach/db/contracts/jobs';
import { runUserDelete } from '../handlers/user-delete.js';
import { runUserExport } from '../handlers/user-export.js';
import { withLogContext, type Log } from '@rlcoach/db/logging/logger';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { exportEventsVia } from '../user-data/export-events.js';
import { sweepUserData } from '../user-data/sweep.js';
import { UserJobs } from '@rlcoach/db/queues/user-jobs';

type BackgroundJob = Job<UserExportData | UserDeleteData, UserExportResult | UserDeleteResult>;

export interface RunningBackgroundWorker {
  worker: Worker;
  close(): Promise<void>;
}

export async function startBackgroundWorker(
  config: WorkerConfig,
  orm: MikroORM,
  log: Log,
): Promise<RunningBackgroundWorker> {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const pub = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  connection.on('error', (err) => log.error('redis (background worker) error', { err }));
  pub.on('error', (err) => log.error('redis (background emitter) error', { err }));
  const storage = new ReplayStorage(config.storageDir);
  const events = exportEventsVia(pub, config.socketIoKey);
  const jobs = new UserJobs({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });

  const processor = async (job: BackgroundJob, token?: string) => {
    switch (job.name) {
      case JobName.UserExport:
        return runUserExport({ orm, storage, events }, job.data as UserExportData);
      case JobName.UserDelete: {
        const run = await runUserDelete({ orm, storage }, job.data as UserDeleteData, new Date(), (p) =>
          job.updateProgress({ ...p }),
        );
        if (run.outcome === 'rescheduled' && run.dueAt && token) {
          // Woke before the due date: sleep again until it, under the same job id.
          await job.moveToDelayed(run.dueAt.getTime(), token);
          throw new DelayedError();
        }
        const { dueAt: _dueAt, ...result } = run;
        return result;
      }
      default:
        throw new UnrecoverableError(`no handler for job "${job.name}" on the background queue`);
    }
  };

  // Every line a job writes carries its id and name.
  const inContext = (job: BackgroundJob, token?: string) =>
    withLogContext({ jobId: job.id, job: job.name }, () => processor(job, token));
  const worker = new Worker(QueueName.Background, inContext, {
    connection,
    prefix: config.bullmqPrefix,
    concurrency: 2,
    lockDuration: config.lockDurationMs,
  });
  worker.on('error', (err) => log.error('background worker error', { err }));
  worker.on('completed', (job, result) =>
    log.info('background job completed', { jobId: job.id, name: job.name, result }),
  );
  worker.on('failed', (job, err) =>
    log.warn('background job failed', {
      jobId: job?.id,
      name: job?.name,
      attemptsMade: job?.attemptsMade,
      err,
    }),
  );

  const sweep = async () => {
    try {
      const r = await sweepUserData(orm, jobs, storage);
      if (r.deletionsScheduled.length + r.exportsEnqueued.length + r.exportsExpired.length > 0)
        log.info('user-data sweep', { ...r });
    } catch (err) {
      log.error('user-data sweep failed', { err });
    }
  };
  await worker.waitUntilReady();
  await sweep(); // on start: a deletion scheduled while no worker (or no Redis) existed gets its job now
  log.info('background worker ready', { queue: QueueName.Background, prefix: config.bullmqPrefix });
  const timer = setInterval(() => void sweep(), config.sweepIntervalMs);
  timer.unref();

  return {
    worker,
    async close() {
      clearInterval(timer);
      await worker.close();
      await jobs.close();
      pub.disconnect();
      connection.disconnect();
    },
  };
}

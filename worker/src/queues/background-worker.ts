/**
 * The background-queue Worker (in-process: these jobs are I/O-bound, unlike replay parsing):
 * handlers from backgroundJobs, plus the user-data sweep at start and on an interval.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { MikroORM } from '@rlcoach/db';
import type { WorkerConfig } from '../config.js';
import { QueueName } from '@rlcoach/db/contracts/jobs';
import type { Log } from '@rlcoach/db/logging/logger';
import { openStorage } from '@rlcoach/db/storage/open';
import { exportEventsVia } from '../user-data/export-events.js';
import { sweepUserData } from '../user-data/sweep.js';
import { UserJobs } from '@rlcoach/db/queues/user-jobs';
import { backgroundJobs } from './background-jobs.js';
import { dispatcher, routeJobEvents } from './job-table.js';
import { createStripeClient } from '@rlcoach/db/billing/stripe-client';
import { observedWorkerOptions } from '../observability.js';

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
  const storage = openStorage(config.storage);
  const jobs = new UserJobs({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });
  const stripe = config.billing ? createStripeClient(config.billing) : null;
  const table = backgroundJobs({
    orm,
    storage,
    events: exportEventsVia(pub, config.socketIoKey),
    log,
    stripe,
  });

  const worker = new Worker(QueueName.Background, dispatcher(table, QueueName.Background), {
    connection,
    prefix: config.bullmqPrefix,
    concurrency: 2,
    lockDuration: config.lockDurationMs,
    ...observedWorkerOptions(),
  });
  worker.on('error', (err) => log.error('background worker error', { err }));
  routeJobEvents(worker, table, log, 'background');

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

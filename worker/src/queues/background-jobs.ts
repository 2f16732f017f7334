/** The background queue's handlers: `user.export` and `user.delete` (I/O-bound, in the main thread). */
import { DelayedError, type Job } from 'bullmq';
import type { MikroORM } from '@rlcoach/db';
import { JobName, type UserDeleteData, type UserDeleteResult } from '@rlcoach/db/contracts/jobs';
import { runUserDelete } from '../handlers/user-delete.js';
import { runUserExport } from '../handlers/user-export.js';
import type { Log } from '@rlcoach/db/logging/logger';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import type { Stripe } from '@rlcoach/db/billing/stripe-client';
import type { ExportEvents } from '../user-data/export-events.js';
import type { JobTable } from './job-table.js';

export type BackgroundJobName = typeof JobName.UserExport | typeof JobName.UserDelete;

export interface BackgroundJobDeps {
  orm: MikroORM;
  storage: ObjectStore;
  events: ExportEvents;
  log: Log;
  /** Cancels a deleted account's subscription; null when billing is not configured. */
  stripe: Stripe | null;
}

async function deleteUser(
  deps: BackgroundJobDeps,
  job: Job<UserDeleteData, UserDeleteResult>,
  token?: string,
): Promise<UserDeleteResult> {
  const run = await runUserDelete(deps, job.data, new Date(), (p) => job.updateProgress({ ...p }));
  if (run.outcome === 'rescheduled' && run.dueAt && token) {
    // Woke before the due date: sleep again until it, under the same job id.
    await job.moveToDelayed(run.dueAt.getTime(), token);
    throw new DelayedError();
  }
  const { dueAt: _dueAt, ...result } = run;
  return result;
}

export function backgroundJobs(deps: BackgroundJobDeps): JobTable<BackgroundJobName> {
  const completed = (job: Job, result: unknown) =>
    deps.log.info('background job completed', { jobId: job.id, name: job.name, result });
  return {
    [JobName.UserExport]: { run: (job) => runUserExport(deps, job.data), completed },
    [JobName.UserDelete]: { run: (job, token) => deleteUser(deps, job, token), completed },
  };
}

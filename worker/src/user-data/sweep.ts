/**
 * Keeps the user-data jobs honest across restarts and Redis loss ("the scheduled job must actually
 * be deployed"): every scheduled deletion in Postgres gets its delayed job back, queued exports
 * whose enqueue was lost are enqueued again, and expired archives are removed.
 */
import { expiredReadyExports, markExportsExpired, queuedExportsBefore, type MikroORM } from '@rlcoach/db';
import { scheduledDeletions } from '@rlcoach/db/auth/account-deletion';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import type { UserJobs } from '@rlcoach/db/queues/user-jobs';

export interface UserDataSweepResult {
  deletionsScheduled: string[];
  exportsEnqueued: string[];
  exportsExpired: string[];
}

/** Exports queued longer than this without a job are re-enqueued (a fresh request has its job already). */
const EXPORT_ENQUEUE_GRACE_MS = 60_000;

export async function sweepUserData(
  orm: MikroORM,
  jobs: UserJobs,
  storage: ObjectStore,
  now = new Date(),
): Promise<UserDataSweepResult> {
  const result: UserDataSweepResult = { deletionsScheduled: [], exportsEnqueued: [], exportsExpired: [] };
  for (const d of await scheduledDeletions(orm.em.fork()))
    if ((await jobs.scheduleDeletion(d.userId, d.dueAt)).created) result.deletionsScheduled.push(d.userId);

  const em = orm.em.fork();
  const queued = await queuedExportsBefore(em, new Date(now.getTime() - EXPORT_ENQUEUE_GRACE_MS));
  for (const e of queued) {
    if (await jobs.hasExportJob(e.exportId)) continue;
    await jobs.enqueueExport(e);
    result.exportsEnqueued.push(e.exportId);
  }

  for (const e of await expiredReadyExports(em, now)) {
    if (e.storageKey) await storage.remove(e.storageKey);
    result.exportsExpired.push(e.exportId);
  }
  await markExportsExpired(em, result.exportsExpired);
  return result;
}

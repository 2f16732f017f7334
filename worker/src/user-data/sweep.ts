/**
 * Keeps the user-data jobs honest across restarts and Redis loss ("the scheduled job must actually
 * be deployed"): every scheduled deletion in Postgres gets its delayed job back, queued exports
 * whose enqueue was lost are enqueued again, and expired archives are removed.
 */
import { UserExport, UserExportStatus, type MikroORM } from '@rlcoach/db';
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
  const queued = await em.find(
    UserExport,
    {
      status: UserExportStatus.Queued,
      createdAt: { $lt: new Date(now.getTime() - EXPORT_ENQUEUE_GRACE_MS) },
    },
    { limit: 500 },
  );
  for (const e of queued) {
    if (await jobs.hasExportJob(e.id)) continue;
    await jobs.enqueueExport({ userId: e.user.id, exportId: e.id });
    result.exportsEnqueued.push(e.id);
  }

  const expired = await em.find(
    UserExport,
    { status: UserExportStatus.Ready, expiresAt: { $lte: now } },
    { limit: 500 },
  );
  for (const e of expired) {
    if (e.storageKey) await storage.remove(e.storageKey);
    e.status = UserExportStatus.Expired;
    e.storageKey = null;
    result.exportsExpired.push(e.id);
  }
  await em.flush();
  return result;
}

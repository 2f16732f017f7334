/**
 * Handler for `user.delete` (delayed by the grace period). The database schedule decides, not the
 * job: a cancelled deletion deletes nothing, and a job that wakes early (clock skew, a sweep that
 * re-created it) reports when it is really due so the processor can put it back to sleep. A due
 * deletion cancels the user's Stripe subscriptions first.
 */
import { accountDeletionSchedule } from '@rlcoach/db/auth/account-deletion';
import type { MikroORM } from '@rlcoach/db';
import type { UserDeleteData, UserDeleteProgress, UserDeleteResult } from '@rlcoach/db/contracts/jobs';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import { cancelSubscriptionsOf } from '@rlcoach/db/billing/account-cancel';
import type { Stripe } from '@rlcoach/db/billing/stripe-client';
import { deleteUserData } from '../user-data/delete-user.js';

export interface UserDeleteDeps {
  orm: MikroORM;
  storage: ObjectStore;
  /** Stripe, to cancel the user's subscription first; null when billing is not configured. */
  stripe: Stripe | null;
}

export type UserDeleteRun = UserDeleteResult & { dueAt?: Date };

export async function runUserDelete(
  deps: UserDeleteDeps,
  data: UserDeleteData,
  now = new Date(),
  onProgress?: (progress: UserDeleteProgress) => Promise<void> | void,
): Promise<UserDeleteRun> {
  const { userId } = data;
  const schedule = await accountDeletionSchedule(deps.orm.em.fork(), userId);
  if (!schedule) return { userId, outcome: 'cancelled', replaysRemoved: 0 };
  if (schedule.dueAt.getTime() > now.getTime())
    return { userId, outcome: 'rescheduled', replaysRemoved: 0, dueAt: schedule.dueAt };
  // Cancel at Stripe before erasing: a failure (Stripe down, or a live subscription with billing
  // not configured here) fails the job, which retries, and nothing is deleted meanwhile.
  await cancelSubscriptionsOf(deps.orm.em.fork(), deps.stripe, userId, now);
  const out = await deleteUserData(deps.orm.em.fork(), deps.storage, userId, {
    scheduledBy: now,
    onProgress,
  });
  // A cancel committed between the read above and the delete: the delete matched no row.
  if (!out.userFound) return { userId, outcome: 'cancelled', replaysRemoved: 0 };
  return { userId, outcome: 'deleted', replaysRemoved: out.replaysRemoved };
}

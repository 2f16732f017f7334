/**
 * "Delete my account" with a grace period (product brief §13). The schedule lives in Postgres
 * (users.deletion_due_at), not only in the queue: the worker re-creates a lost delayed job from it,
 * and the job itself re-reads it, so a cancelled deletion never runs even if its job survived.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export interface DeletionSchedule {
  requestedAt: Date;
  dueAt: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/** Grace period from ACCOUNT_DELETE_GRACE_DAYS (default 30; fractions allowed, 0 = at once). */
export function deletionGraceMs(env: Record<string, string | undefined>): number {
  const raw = env.ACCOUNT_DELETE_GRACE_DAYS?.trim();
  if (!raw) return 30 * DAY_MS;
  const days = Number(raw);
  if (!Number.isFinite(days) || days < 0 || days > 365)
    throw new Error(`ACCOUNT_DELETE_GRACE_DAYS must be a number of days from 0 to 365, got "${raw}"`);
  return Math.round(days * DAY_MS);
}

type Row = { requestedAt: Date | string; dueAt: Date | string };
const toSchedule = (r: Row): DeletionSchedule => ({
  requestedAt: new Date(r.requestedAt),
  dueAt: new Date(r.dueAt),
});

/** Schedule deletion `graceMs` from now; a deletion already scheduled keeps its date. Null for an unknown user. */
export async function scheduleAccountDeletion(
  em: EntityManager,
  userId: string,
  graceMs: number,
  now = new Date(),
): Promise<DeletionSchedule | null> {
  const rows = await em.getConnection().execute<Row[]>(
    `update users set deletion_requested_at = coalesce(deletion_requested_at, ?),
                      deletion_due_at = coalesce(deletion_due_at, ?)
      where id = ?
      returning deletion_requested_at as "requestedAt", deletion_due_at as "dueAt"`,
    [now, new Date(now.getTime() + graceMs), userId],
    'all',
    em.getTransactionContext(),
  );
  return rows[0] ? toSchedule(rows[0]) : null;
}

/** Clear the schedule; true when one was there. */
export async function cancelAccountDeletion(em: EntityManager, userId: string): Promise<boolean> {
  const rows = await em.getConnection().execute<unknown[]>(
    `update users set deletion_requested_at = null, deletion_due_at = null
        where id = ? and deletion_due_at is not null returning id`,
    [userId],
    'all',
    em.getTransactionContext(),
  );
  return rows.length > 0;
}

export async function accountDeletionSchedule(
  em: EntityManager,
  userId: string,
): Promise<DeletionSchedule | null> {
  const rows = await em.getConnection().execute<Row[]>(
    `select deletion_requested_at as "requestedAt", deletion_due_at as "dueAt"
         from users where id = ? and deletion_due_at is not null`,
    [userId],
    'all',
    em.getTransactionContext(),
  );
  return rows[0] ? toSchedule(rows[0]) : null;
}

/** Every scheduled deletion, soonest first (the worker's start-up sweep). */
export async function scheduledDeletions(
  em: EntityManager,
  limit = 10_000,
): Promise<{ userId: string; dueAt: Date }[]> {
  const rows = await em.getConnection().execute<{ userId: string; dueAt: Date | string }[]>(
    `select id as "userId", deletion_due_at as "dueAt" from users
        where deletion_due_at is not null order by deletion_due_at limit ?`,
    [limit],
  );
  return rows.map((r) => ({ userId: r.userId, dueAt: new Date(r.dueAt) }));
}

/**
 * Erases one user: their row and everything that cascades from it (accounts, sessions,
 * preferences, claims, upload batches, ownerships, exports), the replays nobody else owns,
 * those replays' stored files and the user's export archives. Deleting the sessions revokes every realtime token too.
 */
import { rm } from 'node:fs/promises';
import type { EntityManager } from '@rlcoach/db';
import type { UserDeleteProgress } from '@rlcoach/db/contracts/jobs';
import type { ReplayStorage } from '@rlcoach/db/storage/replay-storage';

export interface DeleteUserOutcome {
  userFound: boolean;
  replaysRemoved: number;
  filesRemoved: number;
}

export interface DeleteUserOptions {
  /**
   * Delete only if the user's scheduled deletion is still set and due by this time: checked in
   * the deleting statement itself, so a cancel that commits first always wins.
   */
  scheduledBy?: Date;
  /** Told after the rows are gone and after the files are: the job's progress. */
  onProgress?: (progress: UserDeleteProgress) => Promise<void> | void;
}

export async function deleteUserData(
  em: EntityManager,
  storage: ReplayStorage,
  userId: string,
  options: DeleteUserOptions = {},
): Promise<DeleteUserOutcome> {
  const archives: string[] = [];
  const { userFound, keys } = await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext(); // without it, execute() would use another pooled connection
    // Lock the user's ownerships' replays so a concurrent upload cannot link to one we are removing.
    const solo = await conn.execute<{ id: string }[]>(
      `select r.id from replays r
        where exists (select 1 from replay_ownerships o where o.replay_id = r.id and o.user_id = ?)
          and not exists (select 1 from replay_ownerships o where o.replay_id = r.id and o.user_id <> ?)
        for update`,
      [userId, userId],
      'all',
      ctx,
    );
    const exportKeys = await conn.execute<{ storage_key: string }[]>(
      'select storage_key from user_exports where user_id = ? and storage_key is not null',
      [userId],
      'all',
      ctx,
    );
    const deleted = options.scheduledBy
      ? await conn.execute<{ id: string }[]>(
          'delete from users where id = ? and deletion_due_at is not null and deletion_due_at <= ? returning id',
          [userId, options.scheduledBy],
          'all',
          ctx,
        )
      : await conn.execute<{ id: string }[]>(
          'delete from users where id = ? returning id',
          [userId],
          'all',
          ctx,
        );
    if (deleted.length > 0) archives.push(...exportKeys.map((k) => k.storage_key));
    // Not deleted: the user's ownerships remain, so the statement below removes no replay.
    if (solo.length === 0) return { userFound: deleted.length > 0, keys: [] as string[] };
    const removed = await conn.execute<{ storage_key: string }[]>(
      `delete from replays r where r.id in (${solo.map(() => '?').join(',')})
          and not exists (select 1 from replay_ownerships o where o.replay_id = r.id)
        returning r.storage_key`,
      solo.map((s) => s.id),
      'all',
      ctx,
    );
    return { userFound: deleted.length > 0, keys: removed.map((r) => r.storage_key) };
  });
  if (userFound)
    await options.onProgress?.({ stage: 'rows-deleted', replaysRemoved: keys.length, filesRemoved: 0 });
  // Files go after the commit: a crash here leaves an orphan file, never a row without its file.
  let filesRemoved = 0;
  for (const key of new Set(keys)) {
    const [stillUsed] = await em
      .getConnection()
      .execute<{ n: number }[]>('select count(*)::int as n from replays where storage_key = ?', [key]);
    if ((stillUsed?.n ?? 0) > 0) continue;
    await rm(storage.pathOf(key), { force: true });
    filesRemoved++;
  }
  // Their export archives are theirs alone (rows went with the user by cascade).
  for (const key of archives) await rm(storage.pathOf(key), { force: true });
  if (userFound)
    await options.onProgress?.({ stage: 'files-removed', replaysRemoved: keys.length, filesRemoved });
  return { userFound, replaysRemoved: keys.length, filesRemoved };
}

/**
 * Erases one user: their row and everything that cascades from it (accounts, sessions,
 * preferences, claims, upload batches, ownerships), the replays nobody else owns, and
 * those replays' stored files. Deleting the sessions revokes every realtime token too.
 */
import { rm } from 'node:fs/promises';
import type { EntityManager } from '@rlcoach/db';
import type { ReplayStorage } from '../storage.js';

export interface DeleteUserOutcome {
  userFound: boolean;
  replaysRemoved: number;
  filesRemoved: number;
}

export async function deleteUserData(
  em: EntityManager,
  storage: ReplayStorage,
  userId: string,
): Promise<DeleteUserOutcome> {
  const { userFound, keys } = await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    // Lock the user's ownerships' replays so a concurrent upload cannot link to one we are removing.
    const solo = await conn.execute<{ id: string }[]>(
      `select r.id from replays r
        where exists (select 1 from replay_ownerships o where o.replay_id = r.id and o.user_id = ?)
          and not exists (select 1 from replay_ownerships o where o.replay_id = r.id and o.user_id <> ?)
        for update`,
      [userId, userId],
    );
    const deleted = await conn.execute<{ id: string }[]>('delete from users where id = ? returning id', [
      userId,
    ]);
    if (solo.length === 0) return { userFound: deleted.length > 0, keys: [] as string[] };
    const removed = await conn.execute<{ storage_key: string }[]>(
      `delete from replays r where r.id in (${solo.map(() => '?').join(',')})
          and not exists (select 1 from replay_ownerships o where o.replay_id = r.id)
        returning r.storage_key`,
      solo.map((s) => s.id),
    );
    return { userFound: deleted.length > 0, keys: removed.map((r) => r.storage_key) };
  });
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
  return { userFound, replaysRemoved: keys.length, filesRemoved };
}

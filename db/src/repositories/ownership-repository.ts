import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshPlayerKeys } from '../auth/player-identity.js';

/** Ownership links are written with plain statements so linking twice is a no-op, even under races. */
export async function linkOwner(em: EntityManager, userId: string, replayId: string): Promise<boolean> {
  const res = await em.getConnection().execute(
    'insert into replay_ownerships (user_id, replay_id, created_at) values (?, ?, now()) on conflict (user_id, replay_id) do nothing',
    [userId, replayId],
    'run',
    em.getTransactionContext(), // inside the caller's transaction when there is one
  );
  const linked = (res as { affectedRows?: number }).affectedRows === 1;
  // Is the uploader one of the match's players? Decides whether it counts in their stats.
  if (linked) await refreshPlayerKeys(em, userId, [replayId]);
  return linked;
}

export async function isOwner(em: EntityManager, userId: string, replayId: string): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute<unknown[]>(
      'select 1 from replay_ownerships where user_id = ? and replay_id = ?',
      [userId, replayId],
      'all',
      em.getTransactionContext(),
    );
  return rows.length > 0;
}

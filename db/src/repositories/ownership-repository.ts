import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshPlayerKeys } from '../auth/player-identity.js';
import { syncUserSummaries } from './summary-repository.js';

/** Ownership links are written with plain statements so linking twice is a no-op, even under races. */
export async function linkOwner(em: EntityManager, userId: string, replayId: string): Promise<boolean> {
  // Share-lock the replay: a worker saving its result holds the row lock, so either it sees this
  // ownership (and writes our summary) or we wait and read its committed result (never neither).
  await em
    .getConnection()
    .execute('select 1 from replays where id = ? for share', [replayId], 'all', em.getTransactionContext());
  const res = await em.getConnection().execute(
    'insert into replay_ownerships (user_id, replay_id, created_at) values (?, ?, now()) on conflict (user_id, replay_id) do nothing',
    [userId, replayId],
    'run',
    em.getTransactionContext(), // inside the caller's transaction when there is one
  );
  const linked = (res as { affectedRows?: number }).affectedRows === 1;
  // Is the uploader one of the match's players? Decides whether it counts in their stats.
  if (linked) {
    await refreshPlayerKeys(em, userId, [replayId]);
    // The new owner's list, Home and sessions include it at once (header figures until analysed).
    await syncUserSummaries(em, userId, [replayId]);
  }
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

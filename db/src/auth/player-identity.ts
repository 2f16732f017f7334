/**
 * Stores, per ownership, which player of the match the uploader is (replay_ownerships.player_key),
 * from the platform ids the user has proven: Steam/Epic sign-ins and explicit "this was me" claims.
 * Run after an upload is linked and whenever the user's linked accounts or claims change.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { accountPlayerKeys, matchingPlayerKey, replayPlayerKeys } from './identity.js';

/** Every player key the user has proven. */
export async function userPlayerKeys(em: EntityManager, userId: string): Promise<string[]> {
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  const accounts = await conn.execute<{ provider: string; providerAccountId: string }[]>(
    'select provider, provider_account_id as "providerAccountId" from accounts where user_id = ?',
    [userId],
    'all',
    ctx,
  );
  const claims = await conn.execute<{ key: string }[]>(
    'select player_key as key from player_claims where user_id = ?',
    [userId],
    'all',
    ctx,
  );
  return [...new Set([...accountPlayerKeys(accounts), ...claims.map((c) => c.key)])];
}

/**
 * Recompute player_key on the user's ownerships (all of them, or only `replayIds`).
 * Returns how many ownerships now name the user as a player.
 */
export async function refreshPlayerKeys(
  em: EntityManager,
  userId: string,
  replayIds?: string[],
): Promise<number> {
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  if (replayIds?.length === 0) return 0;
  const keys = await userPlayerKeys(em, userId);
  // The driver expands an array parameter into a list.
  const filter = replayIds ? ' and o.replay_id in (?)' : '';
  const params: unknown[] = replayIds ? [userId, replayIds] : [userId];
  const rows = await conn.execute<{ replayId: string; header: unknown; playerKey: string | null }[]>(
    `select o.replay_id as "replayId", r.header, o.player_key as "playerKey"
       from replay_ownerships o join replays r on r.id = o.replay_id
      where o.user_id = ?${filter}`,
    params,
    'all',
    ctx,
  );
  let players = 0;
  for (const row of rows) {
    const key = keys.length > 0 ? matchingPlayerKey(replayPlayerKeys(row.header), keys) : null;
    if (key) players++;
    if (key !== row.playerKey)
      await conn.execute(
        'update replay_ownerships set player_key = ? where user_id = ? and replay_id = ?',
        [key, userId, row.replayId],
        'run',
        ctx,
      );
  }
  return players;
}

/**
 * Stores, per ownership, which player of the match the uploader is (replay_ownerships.player_key)
 * and whether the match counts in their stats (replay_ownerships.counts), from the platform ids the
 * user has proven (Steam/Epic sign-ins and "this was me" claims) and the ones they excluded.
 * Run after an upload is linked and whenever the user's linked accounts, claims or exclusions change.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { accountPlayerKeys, ownershipIdentity, replayPlayerKeys } from './identity.js';

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

/** The claimed ids the user marked excluded (alts that must not count). */
export async function excludedPlayerKeys(em: EntityManager, userId: string): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<{ key: string }[]>(
      'select player_key as key from player_claims where user_id = ? and excluded',
      [userId],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((r) => r.key);
}

/**
 * Recompute player_key and counts on the user's ownerships (all of them, or only `replayIds`).
 * Returns how many ownerships now count in the user's stats.
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
  const excluded = await excludedPlayerKeys(em, userId);
  // The driver expands an array parameter into a list.
  const filter = replayIds ? ' and o.replay_id in (?)' : '';
  const params: unknown[] = replayIds ? [userId, replayIds] : [userId];
  const rows = await conn.execute<
    { replayId: string; header: unknown; playerKey: string | null; counts: boolean; countOverride: boolean }[]
  >(
    `select o.replay_id as "replayId", r.header, o.player_key as "playerKey", o.counts,
            o.count_override as "countOverride"
       from replay_ownerships o join replays r on r.id = o.replay_id
      where o.user_id = ?${filter}`,
    params,
    'all',
    ctx,
  );
  let counted = 0;
  const changed: { replay_id: string; player_key: string | null; counts: boolean }[] = [];
  for (const row of rows) {
    const next = ownershipIdentity(replayPlayerKeys(row.header), keys, excluded, row.countOverride);
    if (next.counts) counted++;
    if (next.playerKey !== row.playerKey || next.counts !== row.counts)
      changed.push({ replay_id: row.replayId, player_key: next.playerKey, counts: next.counts });
  }
  // One statement for every changed ownership (excluding an alt can touch a whole library).
  if (changed.length > 0)
    await conn.execute(
      `update replay_ownerships o set player_key = v.player_key, counts = v.counts
         from jsonb_to_recordset(?::jsonb) as v(replay_id uuid, player_key text, counts boolean)
        where o.user_id = ? and o.replay_id = v.replay_id`,
      [JSON.stringify(changed), userId],
      'run',
      ctx,
    );
  return counted;
}

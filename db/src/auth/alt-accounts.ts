/**
 * Claimed platform ids (alt accounts) and exclusion (product brief §10): the user can mark a
 * claimed id excluded, and override the exclusion for one replay ("count this one"). Every change
 * recomputes replay_ownerships.counts in the same transaction, so dashboards never read a stale flag.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshPlayerKeys } from './player-identity.js';

export interface ClaimedId {
  playerKey: string;
  /** The name this id played under in the user's newest analysed replay with it; null if none. */
  name: string | null;
  excluded: boolean;
  /** Replays the user owns in which this id plays. */
  replays: number;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listClaimedIds(em: EntityManager, userId: string): Promise<ClaimedId[]> {
  const rows = await em.getConnection().execute<
    {
      playerKey: string;
      name: string | null;
      excluded: boolean;
      replays: number;
      createdAt: Date | string;
    }[]
  >(
    `select c.player_key as "playerKey", c.excluded, c.created_at as "createdAt",
            (select count(*)::int from replay_ownerships o
              where o.user_id = c.user_id and o.player_key = c.player_key) as replays,
            (select s.player_name from replay_summaries s
              where s.user_id = c.user_id and s.player_key = c.player_key and s.player_name is not null
              order by s.played_at desc nulls last, s.updated_at desc limit 1) as name
       from player_claims c where c.user_id = ? order by c.created_at, c.player_key`,
    [userId],
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

/** Mark a claimed id excluded (or not). False when the user has no such claim. */
export async function setClaimExcluded(
  em: EntityManager,
  userId: string,
  playerKey: string,
  excluded: boolean,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const res = await tx
      .getConnection()
      .execute(
        'update player_claims set excluded = ? where user_id = ? and player_key = ?',
        [excluded, userId, playerKey],
        'run',
        tx.getTransactionContext(),
      );
    if ((res as { affectedRows?: number }).affectedRows !== 1) return false;
    await refreshPlayerKeys(tx, userId);
    return true;
  });
}

/** "Count this one" on a replay the user owns; false when they do not own it. */
export async function setCountOverride(
  em: EntityManager,
  userId: string,
  replayId: string,
  override: boolean,
): Promise<boolean> {
  if (!UUID.test(replayId)) return false;
  return em.transactional(async (tx) => {
    const res = await tx
      .getConnection()
      .execute(
        'update replay_ownerships set count_override = ? where user_id = ? and replay_id = ?',
        [override, userId, replayId.toLowerCase()],
        'run',
        tx.getTransactionContext(),
      );
    if ((res as { affectedRows?: number }).affectedRows !== 1) return false;
    await refreshPlayerKeys(tx, userId, [replayId.toLowerCase()]);
    return true;
  });
}

/**
 * Replays the user owns where they appear only through an excluded id, with whether each is
 * counted anyway: the list the per-replay override is chosen from.
 */
export async function excludedReplays(
  em: EntityManager,
  userId: string,
): Promise<
  {
    replayId: string;
    playerKey: string;
    countOverride: boolean;
    playedAt: Date | null;
    mapCode: string | null;
  }[]
> {
  const rows = await em.getConnection().execute<
    {
      replayId: string;
      playerKey: string;
      countOverride: boolean;
      playedAt: Date | string | null;
      mapCode: string | null;
    }[]
  >(
    `select o.replay_id as "replayId", o.player_key as "playerKey", o.count_override as "countOverride",
            r.played_at as "playedAt", r.map_code as "mapCode"
       from replay_ownerships o
       join replays r on r.id = o.replay_id
       join player_claims c on c.user_id = o.user_id and c.player_key = o.player_key and c.excluded
      where o.user_id = ?
      order by r.played_at desc nulls last, o.created_at desc
      limit 200`,
    [userId],
  );
  return rows.map((r) => ({ ...r, playedAt: r.playedAt === null ? null : new Date(r.playedAt) }));
}

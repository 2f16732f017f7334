/**
 * "This was me" claims: the platform ids a user said are theirs, each from a replay they own.
 * A new claim makes that player "you" in every replay of theirs (ownerships, summaries, sessions).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { replayPlayerKeys } from '../auth/identity.js';
import { refreshPlayerKeys } from '../auth/player-identity.js';
import { PlayerClaim } from '../entities/user-preferences.js';
import { ReplayOwnership } from '../entities/replay-ownership.js';
import { ReplayResult } from '../entities/replay-result.js';
import { sqlAll, sqlRun } from './sql-exec.js';
import { syncUserSummaries } from './summary-repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user's claimed player keys (`platform:id`). */
export async function listClaimedPlayerKeys(em: EntityManager, userId: string): Promise<Set<string>> {
  const rows = await em.find(PlayerClaim, { user: userId });
  return new Set(rows.map((r) => r.playerKey));
}

/**
 * Claim `playerKey` from a replay the user owns; it must be one of that replay's analysed players.
 * Returns false when the replay or the player is not theirs to claim; claiming twice is a no-op.
 */
export async function claimPlayer(
  em: EntityManager,
  userId: string,
  replayId: string,
  playerKey: string,
): Promise<boolean> {
  if (!UUID.test(replayId)) return false;
  const owned = await em.count(ReplayOwnership, { user: userId, replay: replayId });
  if (!owned) return false;
  const result = await em.findOne(ReplayResult, { replay: replayId });
  const players =
    (result?.report as { players?: Array<{ platform: string; platform_id: string | null }> } | null)
      ?.players ?? [];
  if (!players.some((p) => p.platform_id && `${p.platform}:${p.platform_id}` === playerKey)) return false;
  const existing = await em.findOne(PlayerClaim, { user: userId, playerKey });
  if (!existing) {
    await em.transactional(async (tx) => {
      tx.create(PlayerClaim, { user: userId, playerKey, replayId } as unknown as PlayerClaim);
      await tx.flush();
      await refreshPlayerKeys(tx, userId);
      await syncUserSummaries(tx, userId);
    });
  }
  return true;
}

/** One claim made on a user's behalf: this platform id, seen in this replay of theirs. */
export interface HeaderClaim {
  replayId: string;
  playerKey: string;
}

/**
 * Claims made for the user rather than through "This was me" (the demo seed): each key must be
 * one of the replay's players as its stored header names them, so the replay need not be analysed
 * yet. Claims already present are kept as they are (an exclusion the user set survives). When any
 * claim is new, the user's ownerships, summaries and play sessions are recomputed in the same
 * transaction. Returns the keys newly claimed.
 */
export async function ensureHeaderClaims(
  em: EntityManager,
  userId: string,
  claims: readonly HeaderClaim[],
): Promise<string[]> {
  const wanted = claims.filter((c) => UUID.test(c.replayId));
  if (wanted.length === 0) return [];
  return em.transactional(async (tx) => {
    const owned = await sqlAll<{ replay_id: string; header: unknown }>(
      tx,
      `select o.replay_id, r.header from replay_ownerships o join replays r on r.id = o.replay_id
        where o.user_id = ? and o.replay_id in (?)`,
      [userId, wanted.map((c) => c.replayId.toLowerCase())],
    );
    const headerKeys = new Map(owned.map((o) => [o.replay_id, new Set(replayPlayerKeys(o.header))]));
    const added: string[] = [];
    for (const c of wanted) {
      if (!headerKeys.get(c.replayId.toLowerCase())?.has(c.playerKey)) continue;
      const inserted = await sqlRun(
        tx,
        `insert into player_claims (user_id, player_key, replay_id, excluded, created_at)
         values (?, ?, ?, false, now()) on conflict (user_id, player_key) do nothing`,
        [userId, c.playerKey, c.replayId.toLowerCase()],
      );
      if (inserted === 1) added.push(c.playerKey);
    }
    if (added.length > 0) {
      await refreshPlayerKeys(tx, userId);
      await syncUserSummaries(tx, userId);
    }
    return added;
  });
}

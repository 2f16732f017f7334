/**
 * "This was me" claims: the platform ids a user said are theirs, each from a replay they own.
 * A new claim makes that player "you" in every replay of theirs (ownerships, summaries, sessions).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshPlayerKeys } from '../auth/player-identity.js';
import { PlayerClaim } from '../entities/user-preferences.js';
import { ReplayOwnership } from '../entities/replay-ownership.js';
import { ReplayResult } from '../entities/replay-result.js';
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

/**
 * Dashboard reads and writes for one user, on a request-scoped entity manager. Everything is
 * scoped through the user's ownership rows: another user's replays are never visible.
 */
import {
  PlayerClaim,
  ReplayOwnership,
  ReplayResult,
  ReplayTrack,
  UserPreferences,
  type EntityManager,
} from '@rlcoach/db';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';
import { regroupSessions, syncUserSummaries } from '@rlcoach/db';
import { toDashboardReplay, type LibraryRow } from '$lib/dashboard/rows';
import type { DashboardReplay, Preferences } from '$lib/dashboard/types';
import { clampGap, DEFAULT_SESSION_GAP_MINUTES } from '$lib/sessions/group';
import { isValidTimeZone } from '$lib/sessions/match-time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DEFAULT_PREFERENCES: Preferences = {
  sessionGapMinutes: DEFAULT_SESSION_GAP_MINUTES,
  timeZone: 'UTC',
  ranks: {},
};

export class PreferencesError extends Error {
  override readonly name = 'PreferencesError';
  constructor(
    readonly field: 'sessionGapMinutes' | 'timeZone' | 'rank',
    message: string,
  ) {
    super(message);
  }
}

export async function loadPreferences(em: EntityManager, userId: string): Promise<Preferences> {
  const row = await em.findOne(UserPreferences, { user: userId });
  if (!row) return { ...DEFAULT_PREFERENCES };
  return { sessionGapMinutes: row.sessionGapMinutes, timeZone: row.timeZone, ranks: { ...row.ranks } };
}

/** Validate and store; throws PreferencesError naming the bad field. */
export async function savePreferences(
  em: EntityManager,
  userId: string,
  patch: Partial<Preferences>,
): Promise<Preferences> {
  if (patch.sessionGapMinutes !== undefined) {
    if (
      !Number.isFinite(patch.sessionGapMinutes) ||
      clampGap(patch.sessionGapMinutes) !== Math.round(patch.sessionGapMinutes)
    )
      throw new PreferencesError(
        'sessionGapMinutes',
        'The session gap must be a whole number of minutes from 5 to 240.',
      );
  }
  if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone))
    throw new PreferencesError('timeZone', `Unknown time zone "${patch.timeZone}".`);
  let row = await em.findOne(UserPreferences, { user: userId });
  if (!row) {
    row = em.create(UserPreferences, { user: userId } as unknown as UserPreferences);
  }
  if (patch.sessionGapMinutes !== undefined) row.sessionGapMinutes = Math.round(patch.sessionGapMinutes);
  if (patch.timeZone !== undefined) row.timeZone = patch.timeZone;
  if (patch.ranks !== undefined) row.ranks = { ...patch.ranks };
  row.updatedAt = new Date();
  await em.flush();
  // Stored play sessions follow a new gap or time zone at once (product brief lesson 10).
  if (patch.sessionGapMinutes !== undefined || patch.timeZone !== undefined)
    await regroupSessions(em, userId);
  return { sessionGapMinutes: row.sessionGapMinutes, timeZone: row.timeZone, ranks: { ...row.ranks } };
}

export async function loadClaims(em: EntityManager, userId: string): Promise<Set<string>> {
  const rows = await em.find(PlayerClaim, { user: userId });
  return new Set(rows.map((r) => r.playerKey));
}

/**
 * "This was me": claim a platform id from a replay the user owns; the id must be one of that
 * replay's players. Returns false when the replay or the player is not theirs to claim.
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
      // The claim makes this player "you" in every replay of theirs: ownerships, summaries, sessions.
      await refreshPlayerKeys(tx, userId);
      await syncUserSummaries(tx, userId);
    });
  }
  return true;
}

export interface ReplayDetail {
  replay: DashboardReplay;
  report: Record<string, unknown> | null;
  scoreboard: Record<string, unknown> | null;
  error: string | null;
  hasTrack: boolean;
}

export async function loadReplayDetail(
  em: EntityManager,
  userId: string,
  replayId: string,
  prefs: Preferences,
  claims: ReadonlySet<string>,
): Promise<ReplayDetail | null> {
  if (!UUID.test(replayId)) return null;
  const rows = (await em.getConnection().execute(
    `select r.id, r.status, r.stage, r.header, r.map_code, r.error, o.created_at as uploaded_at, res.scoreboard, res.report,
       (res.report->'teams'->'blue'->>'goals')::int as blue_goals,
       (res.report->'teams'->'orange'->>'goals')::int as orange_goals,
       (res.report->'match'->>'playlist_id')::int as playlist_id,
       (res.report->'match'->>'team_size')::int as team_size,
       res.report->'players' as players,
       exists(select 1 from replay_tracks t where t.replay_id = r.id) as has_track
     from replay_ownerships o join replays r on r.id = o.replay_id
     left join replay_results res on res.replay_id = r.id
     where o.user_id = ? and r.id = ?`,
    [userId, replayId],
  )) as Array<
    LibraryRow & { report: Record<string, unknown> | null; error: string | null; has_track: boolean }
  >;
  const row = rows[0];
  if (!row) return null;
  return {
    replay: toDashboardReplay(row, claims, prefs.timeZone),
    report: row.report,
    scoreboard: row.scoreboard,
    error: row.error,
    hasTrack: row.has_track,
  };
}

/** The stored positions track, only for an owner of the replay. */
export async function loadTrack(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<Uint8Array | null> {
  if (!UUID.test(replayId)) return null;
  const owned = await em.count(ReplayOwnership, { user: userId, replay: replayId });
  if (!owned) return null;
  const t = await em.findOne(ReplayTrack, { replay: replayId });
  return t ? new Uint8Array(t.data) : null;
}

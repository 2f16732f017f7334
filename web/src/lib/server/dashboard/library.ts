/**
 * Dashboard reads and writes for one user that are not summary lists (preferences, claims, the
 * replay detail and its track), on db's repositories. Everything is scoped through the user's
 * ownership rows: another user's replays are never visible.
 */
import {
  claimPlayer as claimPlayerInReplay,
  listClaimedPlayerKeys,
  readPreferences,
  readReplayDetail,
  readReplayTrack,
  writePreferences,
  type EntityManager,
} from '@rlcoach/db';
import { toDashboardReplay } from '$lib/dashboard/rows';
import type { MatchWhen } from '$lib/format/match-labels';
import type { DashboardReplay, Preferences } from '$lib/dashboard/types';
import { clampGap, DEFAULT_SESSION_GAP_MINUTES } from '$lib/sessions/group';
import { isValidTimeZone } from '$lib/sessions/match-time';

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
  return (await readPreferences(em, userId)) ?? { ...DEFAULT_PREFERENCES, ranks: {} };
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
  return writePreferences(em, userId, {
    ...(patch.sessionGapMinutes !== undefined && { sessionGapMinutes: Math.round(patch.sessionGapMinutes) }),
    ...(patch.timeZone !== undefined && { timeZone: patch.timeZone }),
    ...(patch.ranks !== undefined && { ranks: patch.ranks }),
  });
}

export function loadClaims(em: EntityManager, userId: string): Promise<Set<string>> {
  return listClaimedPlayerKeys(em, userId);
}

/**
 * "This was me": claim a platform id from a replay the user owns; the id must be one of that
 * replay's players. Returns false when the replay or the player is not theirs to claim.
 */
export function claimPlayer(
  em: EntityManager,
  userId: string,
  replayId: string,
  playerKey: string,
): Promise<boolean> {
  return claimPlayerInReplay(em, userId, replayId, playerKey);
}

export interface ReplayDetail {
  replay: DashboardReplay;
  /** The header's match instant and local date, labelled as the upload card and the list label them. */
  when: MatchWhen;
  report: Record<string, unknown> | null;
  scoreboard: Record<string, unknown> | null;
  error: string | null;
  hasTrack: boolean;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export async function loadReplayDetail(
  em: EntityManager,
  userId: string,
  replayId: string,
  prefs: Preferences,
  claims: ReadonlySet<string>,
): Promise<ReplayDetail | null> {
  const row = await readReplayDetail(em, userId, replayId);
  if (!row) return null;
  return {
    replay: toDashboardReplay(row, claims, prefs.timeZone),
    when: { playedAt: text(row.header?.playedAt), dateLocal: text(row.header?.dateLocal) },
    report: row.report,
    scoreboard: row.scoreboard,
    error: row.error,
    hasTrack: row.hasTrack,
  };
}

/** The stored positions track, only for an owner of the replay. */
export async function loadTrack(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<Uint8Array | null> {
  return readReplayTrack(em, userId, replayId);
}

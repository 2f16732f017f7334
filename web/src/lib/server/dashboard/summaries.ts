/**
 * Dashboard reads for the pages (Home, library, sessions, counted games), on db's typed
 * repositories over the stored summaries; this module only turns their rows into the pages' types.
 */
import {
  countLibrary as countLibraryRows,
  listCountedGames,
  listLibrary,
  listPlaySessionChoices,
  listPlaySessions,
  readHomeAggregates,
  type EntityManager,
  type LibraryCounts,
  type StoredMeBlocks,
  type StoredPlaySession,
} from '@rlcoach/db';
import { HOME_EFFICIENCY, HOME_FUNDAMENTALS, homeSummary, type HomeSummary } from '$lib/dashboard/home';
import { fromSummaryRow } from '$lib/dashboard/summary-row';
import type { DashboardReplay } from '$lib/dashboard/types';
import type { PlaySession } from '$lib/sessions/group';

const HOME_KEYS = [...HOME_FUNDAMENTALS, ...HOME_EFFICIENCY];

export async function loadHome(em: EntityManager, userId: string): Promise<HomeSummary> {
  const agg = await readHomeAggregates(em, userId, HOME_KEYS);
  return homeSummary({
    totalReplays: agg.totalReplays,
    myGames: agg.myGames,
    lastResults: agg.lastResults,
    averages: Object.fromEntries(HOME_KEYS.map((k) => [k, agg.averages[k] ?? null])),
    recent: agg.recent.map(fromSummaryRow),
  });
}

/**
 * Every replay the user owns, newest first, with their stored stats blocks when they count
 * (Compare and the trends page read any catalogue metric from them).
 */
export async function loadLibrary(em: EntityManager, userId: string): Promise<DashboardReplay[]> {
  return (await listLibrary(em, userId)).map(fromSummaryRow);
}

/** Replays owned, undated, counted as the user's games, and the newest one to claim a player from. */
export function countLibrary(em: EntityManager, userId: string): Promise<LibraryCounts> {
  return countLibraryRows(em, userId);
}

function toPlaySession(s: StoredPlaySession): PlaySession<DashboardReplay> {
  return {
    id: s.id,
    start: s.startedAt.toISOString(),
    end: s.endedAt.toISOString(),
    matches: s.replays.map(fromSummaryRow),
    wins: s.wins,
    losses: s.losses,
    winRate: s.wins + s.losses === 0 ? null : s.wins / (s.wins + s.losses),
    durationSeconds: Math.max(0, (s.endedAt.getTime() - s.startedAt.getTime()) / 1000),
  };
}

/** Stored sessions, newest first, each with its games (oldest first) from the summary columns. */
export async function loadSessions(
  em: EntityManager,
  userId: string,
  sessionId?: string,
): Promise<PlaySession<DashboardReplay>[]> {
  return (await listPlaySessions(em, userId, sessionId)).map(toPlaySession);
}

/** Session choices for the replays filter, newest first. */
export async function loadSessionChoices(
  em: EntityManager,
  userId: string,
): Promise<Array<{ id: string; start: string; games: number }>> {
  const list = await listPlaySessionChoices(em, userId);
  return list.map((s) => ({ id: s.id, start: s.startedAt.toISOString(), games: s.games }));
}

export interface CountedGame {
  id: string;
  playedAt: string | null;
  playlist: string | null;
  mapCode: string | null;
  teamSize: number | null;
  me: StoredMeBlocks;
}

/** The user's counted games (dated or not), newest first, with their stored stats blocks. */
export async function loadCountedGames(em: EntityManager, userId: string): Promise<CountedGame[]> {
  const list = await listCountedGames(em, userId);
  return list.map((g) => ({
    id: g.replayId,
    playedAt: g.playedAt ? g.playedAt.toISOString() : null,
    playlist: g.playlist,
    mapCode: g.mapCode,
    teamSize: g.teamSize,
    me: g.me,
  }));
}

/**
 * Dashboard reads from the stored summaries (replay_summaries, play_sessions): Home aggregates,
 * the library, sessions and trend games. Every query is scoped by the user's ownership rows, and
 * "mine" requires the ownership's counts-in-stats flag (OWNERSHIP_COUNTS_SQL) to agree with the
 * row. None of them reads the analysis report.
 */
import { OWNERSHIP_COUNTS_SQL, type EntityManager } from '@rlcoach/db';
import { HOME_EFFICIENCY, HOME_FUNDAMENTALS, homeSummary, type HomeSummary } from '$lib/dashboard/home';
import { fromSummaryRow, SUMMARY_COLUMNS, type SummaryRow } from '$lib/dashboard/summary-row';
import type { DashboardReplay, MatchResult } from '$lib/dashboard/types';
import type { PlaySession } from '$lib/sessions/group';

/** The user is a counted player in the replay: summary computed for the ownership's current identity. */
export const MINE_SQL = `(s.team is not null and s.counted and s.player_key is not distinct from o.player_key and (${OWNERSHIP_COUNTS_SQL}))`;

export const SUMMARY_FROM = `
  from replay_summaries s
  join replay_ownerships o on o.user_id = s.user_id and o.replay_id = s.replay_id
  join replays r on r.id = s.replay_id`;

export const LIST_COLUMNS = `s.replay_id as id, r.status, r.stage, r.error, s.played_at, s.map_name, s.map_code,
  s.playlist, s.team_size, s.duration_seconds, s.blue_goals, s.orange_goals, s.has_report,
  o.created_at as uploaded_at, s.session_id, ${MINE_SQL} as mine, s.player_name, s.team, s.result,
  ${Object.values(SUMMARY_COLUMNS)
    .map((c) => `s.${c}`)
    .join(', ')}`;

/** Newest match first; undated replays last, in upload order. */
export const NEWEST_FIRST = 's.played_at desc nulls last, o.created_at desc, s.replay_id';

async function rows<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return (await em.getConnection().execute(sql, params)) as T[];
}

const HOME_KEYS = [...HOME_FUNDAMENTALS, ...HOME_EFFICIENCY];

export async function loadHome(em: EntityManager, userId: string): Promise<HomeSummary> {
  const column = (k: (typeof HOME_KEYS)[number]) => SUMMARY_COLUMNS[k];
  const [agg] = await rows<Record<string, number | null> & { total: number; my_games: number }>(
    em,
    `select count(*)::int as total, (count(*) filter (where ${MINE_SQL}))::int as my_games,
       ${HOME_KEYS.map((k, i) => `(avg(s.${column(k)}) filter (where ${MINE_SQL}))::float8 as a${i}`).join(', ')}
     ${SUMMARY_FROM} where s.user_id = ?`,
    [userId],
  );
  const last = await rows<{ result: MatchResult }>(
    em,
    `select s.result ${SUMMARY_FROM} where s.user_id = ? and ${MINE_SQL} and s.result is not null
      order by ${NEWEST_FIRST} limit 20`,
    [userId],
  );
  const recent = await rows<SummaryRow>(
    em,
    `select ${LIST_COLUMNS} ${SUMMARY_FROM} where s.user_id = ? order by ${NEWEST_FIRST} limit 5`,
    [userId],
  );
  return homeSummary({
    totalReplays: agg?.total ?? 0,
    myGames: agg?.my_games ?? 0,
    lastResults: last.map((r) => r.result),
    averages: Object.fromEntries(HOME_KEYS.map((k, i) => [k, agg?.[`a${i}`] ?? null])),
    recent: recent.map(fromSummaryRow),
  });
}

/**
 * Every replay the user owns, newest first, with their stored stats blocks when they count
 * (Compare and the trends page read any catalogue metric from them).
 */
export async function loadLibrary(em: EntityManager, userId: string): Promise<DashboardReplay[]> {
  const list = await rows<SummaryRow>(
    em,
    `select ${LIST_COLUMNS}, case when ${MINE_SQL} then s.me end as me
     ${SUMMARY_FROM} where s.user_id = ? order by ${NEWEST_FIRST}`,
    [userId],
  );
  return list.map(fromSummaryRow);
}

export async function countLibrary(
  em: EntityManager,
  userId: string,
): Promise<{ total: number; undated: number }> {
  const [c] = await rows<{ total: number; undated: number }>(
    em,
    `select count(*)::int as total, (count(*) filter (where s.played_at is null))::int as undated
     ${SUMMARY_FROM} where s.user_id = ?`,
    [userId],
  );
  return { total: c?.total ?? 0, undated: c?.undated ?? 0 };
}

interface SessionRow {
  id: string;
  started_at: string | Date;
  ended_at: string | Date;
  games: number;
  wins: number;
  losses: number;
}

function toPlaySession(s: SessionRow, matches: DashboardReplay[]): PlaySession<DashboardReplay> {
  const start = new Date(s.started_at);
  const end = new Date(s.ended_at);
  return {
    id: s.id,
    start: start.toISOString(),
    end: end.toISOString(),
    matches,
    wins: s.wins,
    losses: s.losses,
    winRate: s.wins + s.losses === 0 ? null : s.wins / (s.wins + s.losses),
    durationSeconds: Math.max(0, (end.getTime() - start.getTime()) / 1000),
  };
}

/** Stored sessions, newest first, each with its games (oldest first) from the summary columns. */
export async function loadSessions(
  em: EntityManager,
  userId: string,
  sessionId?: string,
): Promise<PlaySession<DashboardReplay>[]> {
  const only = sessionId === undefined ? '' : ' and id = ?';
  const sessions = await rows<SessionRow>(
    em,
    `select id, started_at, ended_at, games, wins, losses from play_sessions
      where user_id = ?${only} order by started_at desc`,
    sessionId === undefined ? [userId] : [userId, sessionId],
  );
  if (sessions.length === 0) return [];
  const games = await rows<SummaryRow>(
    em,
    `select ${LIST_COLUMNS} ${SUMMARY_FROM}
      where s.user_id = ? and s.session_id is not null${sessionId === undefined ? '' : ' and s.session_id = ?'}
      order by s.played_at, s.replay_id`,
    sessionId === undefined ? [userId] : [userId, sessionId],
  );
  const bySession = new Map<string, DashboardReplay[]>();
  for (const g of games) {
    const list = bySession.get(g.session_id!) ?? [];
    list.push(fromSummaryRow(g));
    bySession.set(g.session_id!, list);
  }
  return sessions.map((s) => toPlaySession(s, bySession.get(s.id) ?? []));
}

/** Session choices for the replays filter, newest first. */
export async function loadSessionChoices(
  em: EntityManager,
  userId: string,
): Promise<Array<{ id: string; start: string; games: number }>> {
  const list = await rows<{ id: string; started_at: string | Date; games: number }>(
    em,
    'select id, started_at, games from play_sessions where user_id = ? order by started_at desc',
    [userId],
  );
  return list.map((s) => ({ id: s.id, start: new Date(s.started_at).toISOString(), games: s.games }));
}

export interface CountedGame {
  id: string;
  playedAt: string | null;
  playlist: string | null;
  mapCode: string | null;
  teamSize: number | null;
  me: { stats: Record<string, unknown>; mechanics: Record<string, unknown> | null };
}

/** The user's counted games (dated or not), newest first, with their stored stats blocks. */
export async function loadCountedGames(em: EntityManager, userId: string): Promise<CountedGame[]> {
  const list = await rows<{
    id: string;
    played_at: string | Date | null;
    playlist: string | null;
    map_code: string | null;
    team_size: number | null;
    me: CountedGame['me'] | null;
  }>(
    em,
    `select s.replay_id as id, s.played_at, s.playlist, s.map_code, s.team_size, s.me
     ${SUMMARY_FROM} where s.user_id = ? and ${MINE_SQL} order by ${NEWEST_FIRST}`,
    [userId],
  );
  return list.map((r) => ({
    id: r.id,
    playedAt: r.played_at === null ? null : new Date(r.played_at).toISOString(),
    playlist: r.playlist,
    mapCode: r.map_code,
    teamSize: r.team_size,
    me: r.me ?? { stats: {}, mechanics: null },
  }));
}

/**
 * Dashboard reads over the stored summaries (replay_summaries, play_sessions): Home aggregates,
 * the library, play sessions, counted games and one trend metric per game. Every query is scoped
 * by the user's ownership rows, and "mine" requires the ownership's counts-in-stats flag to agree
 * with the row. None of them reads the analysis report. Results are typed camelCase rows.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MatchResult } from '../entities/replay-summary.js';
import { SUMMARY_STAT_COLUMNS, type SummaryStatPath } from './summary-columns.js';
import {
  LIST_COLUMNS,
  MINE,
  NEWEST_FIRST,
  SUMMARY_FROM,
  toDate,
  toDateOrNull,
  toSummaryListRow,
  type StoredMeBlocks,
  type SummaryListRecord,
  type SummaryListRow,
} from './summary-list-row.js';
import { sqlAll } from './sql-exec.js';
import { windowSql, type TimeWindow } from './stat-periods.js';

export interface HomeAggregates {
  /** Every replay the user owns. */
  totalReplays: number;
  /** Replays where the user is a counted player. */
  myGames: number;
  /** Results of the last 20 decided counted games, newest first. */
  lastResults: MatchResult[];
  /** Per-game average of each requested stat over the counted games; null when none carries it. */
  averages: Partial<Record<SummaryStatPath, number | null>>;
  /** The five newest replays. */
  recent: SummaryListRow[];
}

/** Home in three queries: counts and averages, the last results, the newest rows. */
export async function readHomeAggregates(
  em: EntityManager,
  userId: string,
  averageOf: readonly SummaryStatPath[],
): Promise<HomeAggregates> {
  const averages = averageOf.map(
    (p, i) => `, (avg(s.${SUMMARY_STAT_COLUMNS[p]}) filter (where ${MINE}))::float8 as a${i}`,
  );
  const [agg] = await sqlAll<Record<string, number | null> & { total: number; my_games: number }>(
    em,
    `select count(*)::int as total, (count(*) filter (where ${MINE}))::int as my_games${averages.join('')}
     ${SUMMARY_FROM} where s.user_id = ?`,
    [userId],
  );
  const last = await sqlAll<{ result: MatchResult }>(
    em,
    `select s.result ${SUMMARY_FROM} where s.user_id = ? and ${MINE} and s.result is not null
      order by ${NEWEST_FIRST} limit 20`,
    [userId],
  );
  const recent = await sqlAll<SummaryListRecord>(
    em,
    `select ${LIST_COLUMNS} ${SUMMARY_FROM} where s.user_id = ? order by ${NEWEST_FIRST} limit 5`,
    [userId],
  );
  return {
    totalReplays: agg?.total ?? 0,
    myGames: agg?.my_games ?? 0,
    lastResults: last.map((r) => r.result),
    averages: Object.fromEntries(averageOf.map((p, i) => [p, agg?.[`a${i}`] ?? null])),
    recent: recent.map(toSummaryListRow),
  };
}

/**
 * Every replay the user owns, newest first, with their stored stats blocks (`me`) where they
 * count (Compare and Trends read any catalogue metric from them).
 */
export async function listLibrary(em: EntityManager, userId: string): Promise<SummaryListRow[]> {
  const list = await sqlAll<SummaryListRecord>(
    em,
    `select ${LIST_COLUMNS}, case when ${MINE} then s.me end as me
     ${SUMMARY_FROM} where s.user_id = ? order by ${NEWEST_FIRST}`,
    [userId],
  );
  return list.map(toSummaryListRow);
}

export interface LibraryCounts {
  total: number;
  undated: number;
  /** Replays in which the user is a counted player. */
  mine: number;
  /** The newest analysed replay, where "This was me" can be pressed (null when none is analysed). */
  claimFromReplayId: string | null;
}

/** How much the library holds, for the pages' empty states (what the real next step is). */
export async function countLibrary(em: EntityManager, userId: string): Promise<LibraryCounts> {
  const [c] = await sqlAll<{ total: number; undated: number; mine: number; claim_from: string | null }>(
    em,
    `select count(*)::int as total, (count(*) filter (where s.played_at is null))::int as undated,
            (count(*) filter (where ${MINE}))::int as mine,
            (array_agg(s.replay_id order by ${NEWEST_FIRST}) filter (where s.has_report))[1] as claim_from
     ${SUMMARY_FROM} where s.user_id = ?`,
    [userId],
  );
  return {
    total: c?.total ?? 0,
    undated: c?.undated ?? 0,
    mine: c?.mine ?? 0,
    claimFromReplayId: c?.claim_from ?? null,
  };
}

export interface StoredPlaySession {
  id: string;
  startedAt: Date;
  endedAt: Date;
  games: number;
  wins: number;
  losses: number;
  /** The session's replays, oldest first. */
  replays: SummaryListRow[];
}

/** Stored sessions, newest first, each with its replays; `sessionId` narrows to one session. */
export async function listPlaySessions(
  em: EntityManager,
  userId: string,
  sessionId?: string,
): Promise<StoredPlaySession[]> {
  const one = sessionId !== undefined;
  const sessions = await sqlAll<{
    id: string;
    started_at: Date | string;
    ended_at: Date | string;
    games: number;
    wins: number;
    losses: number;
  }>(
    em,
    `select id, started_at, ended_at, games, wins, losses from play_sessions
      where user_id = ?${one ? ' and id = ?' : ''} order by started_at desc`,
    one ? [userId, sessionId] : [userId],
  );
  if (sessions.length === 0) return [];
  const games = await sqlAll<SummaryListRecord>(
    em,
    `select ${LIST_COLUMNS} ${SUMMARY_FROM}
      where s.user_id = ? and s.session_id is not null${one ? ' and s.session_id = ?' : ''}
      order by s.played_at, s.replay_id`,
    one ? [userId, sessionId] : [userId],
  );
  const bySession = new Map<string, SummaryListRow[]>();
  for (const g of games) {
    const row = toSummaryListRow(g);
    const list = bySession.get(row.sessionId!) ?? [];
    list.push(row);
    bySession.set(row.sessionId!, list);
  }
  return sessions.map((s) => ({
    id: s.id,
    startedAt: toDate(s.started_at),
    endedAt: toDate(s.ended_at),
    games: s.games,
    wins: s.wins,
    losses: s.losses,
    replays: bySession.get(s.id) ?? [],
  }));
}

export interface PlaySessionChoice {
  id: string;
  startedAt: Date;
  games: number;
}

/** Session choices for the replays filter, newest first. */
export async function listPlaySessionChoices(
  em: EntityManager,
  userId: string,
): Promise<PlaySessionChoice[]> {
  const list = await sqlAll<{ id: string; started_at: Date | string; games: number }>(
    em,
    'select id, started_at, games from play_sessions where user_id = ? order by started_at desc',
    [userId],
  );
  return list.map((s) => ({ id: s.id, startedAt: toDate(s.started_at), games: s.games }));
}

export interface CountedGame {
  replayId: string;
  playedAt: Date | null;
  playlist: string | null;
  mapCode: string | null;
  teamSize: number | null;
  result: MatchResult | null;
  me: StoredMeBlocks;
}

/**
 * The user's counted games, newest first, with their stored stats blocks: all of them (dated or
 * not), or only the dated ones inside `window` (a period of Compare).
 */
export async function listCountedGames(
  em: EntityManager,
  userId: string,
  window?: TimeWindow,
): Promise<CountedGame[]> {
  const win = window ? windowSql(window) : null;
  const list = await sqlAll<{
    replay_id: string;
    played_at: Date | string | null;
    playlist: string | null;
    map_code: string | null;
    team_size: number | null;
    result: MatchResult | null;
    me: StoredMeBlocks | null;
  }>(
    em,
    `select s.replay_id, s.played_at, s.playlist, s.map_code, s.team_size, s.result, s.me
     ${SUMMARY_FROM} where s.user_id = ? and ${MINE}${win ? ` and s.played_at is not null${win.sql}` : ''}
     order by ${NEWEST_FIRST}`,
    [userId, ...(win?.params ?? [])],
  );
  return list.map((r) => ({
    replayId: r.replay_id,
    playedAt: toDateOrNull(r.played_at),
    playlist: r.playlist,
    mapCode: r.map_code,
    teamSize: r.team_size,
    result: r.result,
    me: r.me ?? { stats: {}, mechanics: null },
  }));
}

/**
 * The trend metric to read per game: the win rate (100 for a win, 0 for a loss, null for a draw),
 * or a stat by its path in the stored blocks (`block.field`; `mechanics.*` under me.mechanics).
 */
export type TrendMetric = { kind: 'winRate' } | { kind: 'stat'; path: string };

export class UnknownTrendMetricError extends Error {
  override readonly name = 'UnknownTrendMetricError';
  constructor(readonly path: string) {
    super(`not a metric key: ${path}`);
  }
}

/** SQL for the metric's value (a float or null) and its parameters. */
function metricValue(metric: TrendMetric): { sql: string; params: unknown[] } {
  if (metric.kind === 'winRate')
    return { sql: `(case s.result when 'win' then 100 when 'loss' then 0 end)::float8`, params: [] };
  const column = (SUMMARY_STAT_COLUMNS as Record<string, string | undefined>)[metric.path];
  if (column) return { sql: `s.${column}::float8`, params: [] };
  const [block, field, extra] = metric.path.split('.');
  if (!block || !field || extra !== undefined || !/^[a-z0-9_]+$/.test(block) || !/^[a-z0-9_]+$/.test(field))
    throw new UnknownTrendMetricError(metric.path);
  // Passed as a Postgres array literal (the driver would expand a JS array into a list).
  const path = block === 'mechanics' ? `{mechanics,${field}}` : `{stats,${block},${field}}`;
  return {
    sql: `case when jsonb_typeof(s.me #> ?::text[]) = 'number' then (s.me #>> ?::text[])::float8 end`,
    params: [path, path],
  };
}

export interface TrendValue {
  replayId: string;
  playedAt: Date;
  playlist: string | null;
  sessionId: string | null;
  /** The metric in this game; null when the game does not carry it (left out, never zero). */
  value: number | null;
}

/**
 * The user's counted, dated games (inside `window` when given), oldest first, each with the
 * metric's value read in SQL (the games' whole stats blocks never leave Postgres).
 */
export async function listTrendValues(
  em: EntityManager,
  userId: string,
  metric: TrendMetric,
  window?: TimeWindow,
): Promise<TrendValue[]> {
  const value = metricValue(metric);
  const win = window ? windowSql(window) : { sql: '', params: [] };
  const rows = await sqlAll<{
    replay_id: string;
    played_at: Date | string;
    playlist: string | null;
    session_id: string | null;
    value: number | null;
  }>(
    em,
    `select s.replay_id, s.played_at, s.playlist, s.session_id, ${value.sql} as value
     ${SUMMARY_FROM} where s.user_id = ? and ${MINE} and s.played_at is not null${win.sql}
     order by s.played_at, s.replay_id`,
    [...value.params, userId, ...win.params],
  );
  return rows.map((r) => ({
    replayId: r.replay_id,
    playedAt: toDate(r.played_at),
    playlist: r.playlist,
    sessionId: r.session_id,
    value: r.value,
  }));
}

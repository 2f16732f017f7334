/**
 * What the coach's tools read: the asking player's own games only. Every query is scoped by the
 * player's ownership rows (the dashboard's SUMMARY_FROM / MINE), so an id of another player's
 * replay or session reads as nothing. Figures come from the stored summaries and reports; nothing
 * here computes a stat the dashboard would not show.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MatchResult } from '../entities/replay-summary.js';
import { readReplayDetail, type ReplayDetailRow } from './replay-detail-reads.js';
import { SUMMARY_STAT_COLUMNS, type SummaryStatPath } from './summary-columns.js';
import {
  LIST_COLUMNS,
  MINE,
  NEWEST_FIRST,
  SUMMARY_FROM,
  toDate,
  toSummaryListRow,
  type SummaryListRecord,
  type SummaryListRow,
} from './summary-list-row.js';
import { sqlAll } from './sql-exec.js';
import { windowSql, type TimeWindow } from './stat-periods.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which of the player's counted games an aggregate covers. */
export interface CoachGameFilter {
  window?: TimeWindow;
  sessionId?: string;
  /** Case-insensitive playlist label ("Ranked Doubles"). */
  playlist?: string;
}

export interface CoachAggregate {
  games: number;
  wins: number;
  losses: number;
  draws: number;
  /** Per-game average of each stored topline stat; null where no game carries it. */
  averages: Record<SummaryStatPath, number | null>;
}

function filterSql(f: CoachGameFilter): { sql: string; params: unknown[] } {
  const win = f.window ? windowSql(f.window) : { sql: '', params: [] };
  let sql = win.sql;
  const params: unknown[] = [...win.params];
  if (f.window) sql = ` and s.played_at is not null${sql}`;
  if (f.sessionId !== undefined) {
    sql += ' and s.session_id = ?';
    params.push(f.sessionId);
  }
  if (f.playlist !== undefined) {
    sql += ' and lower(s.playlist) = lower(?)';
    params.push(f.playlist);
  }
  return { sql, params };
}

const AVERAGES = Object.values(SUMMARY_STAT_COLUMNS)
  .map((c) => `avg(s.${c})::float8 as ${c}`)
  .join(', ');

type AggregateRecord = Record<string, number | null> & {
  games: number;
  wins: number;
  losses: number;
  draws: number;
};

function toAggregate(r: AggregateRecord | undefined): CoachAggregate {
  const averages = {} as Record<SummaryStatPath, number | null>;
  for (const [path, column] of Object.entries(SUMMARY_STAT_COLUMNS) as Array<[SummaryStatPath, string]>)
    averages[path] = r?.[column] ?? null;
  return { games: r?.games ?? 0, wins: r?.wins ?? 0, losses: r?.losses ?? 0, draws: r?.draws ?? 0, averages };
}

const RECORD = `count(*)::int as games,
  (count(*) filter (where s.result = 'win'))::int as wins,
  (count(*) filter (where s.result = 'loss'))::int as losses,
  (count(*) filter (where s.result = 'draw'))::int as draws`;

/** The player's counted games (filtered), newest first, at most `limit`. */
export async function listCoachGames(
  em: EntityManager,
  userId: string,
  filter: CoachGameFilter,
  limit: number,
): Promise<SummaryListRow[]> {
  const f = filterSql(filter);
  const rows = await sqlAll<SummaryListRecord>(
    em,
    `select ${LIST_COLUMNS} ${SUMMARY_FROM} where s.user_id = ? and ${MINE}${f.sql}
      order by ${NEWEST_FIRST} limit ?`,
    [userId, ...f.params, limit],
  );
  return rows.map(toSummaryListRow);
}

/** Record and averages over the player's counted games matching `filter`. */
export async function aggregateCoachGames(
  em: EntityManager,
  userId: string,
  filter: CoachGameFilter,
): Promise<CoachAggregate> {
  const f = filterSql(filter);
  const [r] = await sqlAll<AggregateRecord>(
    em,
    `select ${RECORD}, ${AVERAGES} ${SUMMARY_FROM} where s.user_id = ? and ${MINE}${f.sql}`,
    [userId, ...f.params],
  );
  return toAggregate(r);
}

/** The same, one row per playlist (most played first). */
export async function aggregateCoachGamesByPlaylist(
  em: EntityManager,
  userId: string,
  window?: TimeWindow,
): Promise<Array<CoachAggregate & { playlist: string | null }>> {
  const f = filterSql(window ? { window } : {});
  const rows = await sqlAll<AggregateRecord & { playlist: string | null }>(
    em,
    `select s.playlist, ${RECORD}, ${AVERAGES} ${SUMMARY_FROM} where s.user_id = ? and ${MINE}${f.sql}
      group by s.playlist order by games desc, s.playlist nulls last`,
    [userId, ...f.params],
  );
  return rows.map((r) => ({ playlist: r.playlist, ...toAggregate(r) }));
}

export interface CoachSessionRow {
  id: string;
  startedAt: Date;
  endedAt: Date;
  games: number;
  wins: number;
  losses: number;
}

/** The player's play sessions, newest first. */
export async function listCoachSessions(
  em: EntityManager,
  userId: string,
  limit: number,
): Promise<CoachSessionRow[]> {
  const rows = await sqlAll<{
    id: string;
    started_at: Date | string;
    ended_at: Date | string;
    games: number;
    wins: number;
    losses: number;
  }>(
    em,
    'select id, started_at, ended_at, games, wins, losses from play_sessions where user_id = ? order by started_at desc limit ?',
    [userId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    startedAt: toDate(r.started_at),
    endedAt: toDate(r.ended_at),
    games: r.games,
    wins: r.wins,
    losses: r.losses,
  }));
}

export interface CoachGame {
  detail: ReplayDetailRow;
  /** The player in this game as their summary names them (null when they are not a counted player). */
  me: { playerName: string | null; team: 'blue' | 'orange' | null; result: MatchResult | null } | null;
}

/** One game of the player's with its stored report; null when it is not theirs (or unknown). */
export async function readCoachGame(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<CoachGame | null> {
  const detail = await readReplayDetail(em, userId, replayId);
  if (!detail) return null;
  const [me] = await sqlAll<{
    player_name: string | null;
    team: 'blue' | 'orange' | null;
    result: MatchResult | null;
  }>(
    em,
    `select s.player_name, s.team, s.result ${SUMMARY_FROM} where s.user_id = ? and s.replay_id = ? and ${MINE}`,
    [userId, detail.replayId],
  );
  return { detail, me: me ? { playerName: me.player_name, team: me.team, result: me.result } : null };
}

/**
 * For checking an answer's moment citations: of `replayIds`, those the player owns, each with its
 * recorded length in seconds (null when unknown).
 */
export async function ownedReplayLengths(
  em: EntityManager,
  userId: string,
  replayIds: string[],
): Promise<Map<string, number | null>> {
  const ids = [...new Set(replayIds.map((i) => i.toLowerCase()).filter((i) => UUID.test(i)))];
  if (ids.length === 0) return new Map();
  const rows = await sqlAll<{ id: string; seconds: number | null }>(
    em,
    `select o.replay_id as id, (res.report->'match'->>'duration')::float8 as seconds
       from replay_ownerships o left join replay_results res on res.replay_id = o.replay_id
      where o.user_id = ? and o.replay_id in (${ids.map(() => '?').join(',')})`,
    [userId, ...ids],
  );
  return new Map(rows.map((r) => [r.id, r.seconds]));
}

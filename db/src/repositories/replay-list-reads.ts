/**
 * The replays list, filtered, sorted and paginated in Postgres over replay_summaries: one page of
 * typed rows, never the whole library, never the analysis report.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  LIST_COLUMNS,
  MINE,
  NEWEST_FIRST,
  SUMMARY_FROM,
  toSummaryListRow,
  type SummaryListRecord,
  type SummaryListRow,
} from './summary-list-row.js';
import { sqlAll } from './sql-exec.js';
import { teamRosters, type MatchWhen, type RosterPlayer, type TeamRosters } from './match-labels.js';

export const REPLAY_LIST_SORTS = ['date', 'map', 'playlist', 'result', 'length'] as const;
export type ReplayListSort = (typeof REPLAY_LIST_SORTS)[number];

/** A validated list query (the web app parses it from the URL). */
export interface ReplayListQuery {
  /** Playlist label; matched case-insensitively. */
  playlist: string | null;
  /** The user's result; `unknown` = not a counted player. Any letter case. */
  result: 'win' | 'loss' | 'draw' | 'unknown' | null;
  /** Arena name; matched case-insensitively. */
  map: string | null;
  /** YYYY-MM-DD, inclusive, on the match day in `timeZone`. */
  from: string | null;
  to: string | null;
  /** Stored play session id. */
  session: string | null;
  sort: ReplayListSort;
  dir: 'asc' | 'desc';
  /** 1-based; a page past the end is clamped to the last one. */
  page: number;
}

/** A list row with what the upload card shows too, for `matchDateLabel` and `rosterLabel`. */
export interface ReplayListRow extends SummaryListRow {
  /** The header's instant (null when the stored time is the header's local date) and local date. */
  when: MatchWhen;
  /** The header's players per team (spectators and referees are not players). */
  rosters: TeamRosters;
}

/** The extra columns of the list: the match time's source and the header's players. */
const LABEL_COLUMNS = `s.date_local, s.played_at_zoned,
  case when jsonb_typeof(r.header->'players') = 'array' then (
    select coalesce(jsonb_agg(jsonb_build_object('name', p->>'name', 'team', p->'team', 'score', p->'score')), '[]')
      from jsonb_array_elements(r.header->'players') p) else '[]'::jsonb end as roster_players`;

interface ListLabelRecord {
  date_local: string | null;
  played_at_zoned: boolean;
  roster_players: RosterPlayer[];
}

function toReplayListRow(r: SummaryListRecord & ListLabelRecord): ReplayListRow {
  const row = toSummaryListRow(r);
  return {
    ...row,
    when: {
      playedAt: !r.played_at_zoned && row.playedAt ? row.playedAt.toISOString() : null,
      dateLocal: r.date_local,
    },
    rosters: teamRosters(r.roster_players.filter((p) => typeof p.name === 'string')),
  };
}

export interface ReplayListPage {
  rows: ReplayListRow[];
  /** Rows matching the filters. */
  total: number;
  /** The page served (after clamping) and the page count (at least 1). */
  page: number;
  pages: number;
  /** Filter choices over the whole library, sorted by name. */
  playlists: string[];
  maps: string[];
  /** Every replay the user owns, filters aside. */
  libraryTotal: number;
}

/** The user's result, or null when they are not a counted player (the "unknown" filter). */
const RESULT = `case when ${MINE} then s.result end`;

/** Sort expressions; every one ends on the newest-first order so pages are stable. */
const ORDER: Record<ReplayListSort, (dir: 'asc' | 'desc') => string> = {
  date: (d) => `s.played_at ${d} nulls last, o.created_at ${d}, s.replay_id`,
  map: (d) => `lower(s.map_name) ${d}, ${NEWEST_FIRST}`,
  playlist: (d) => `lower(s.playlist) ${d} nulls last, ${NEWEST_FIRST}`,
  // Win, draw, loss, then unknown (unknown stays last both ways).
  result: (d) =>
    `(${RESULT}) is null, case ${RESULT} when 'win' then 0 when 'draw' then 1 when 'loss' then 2 end ${d === 'desc' ? 'asc' : 'desc'}, ${NEWEST_FIRST}`,
  length: (d) => `s.duration_seconds ${d} nulls last, ${NEWEST_FIRST}`,
};

/** WHERE clause and its parameters for the query's filters. */
function filterOf(
  userId: string,
  q: ReplayListQuery,
  timeZone: string,
): { where: string; params: unknown[] } {
  const parts = ['s.user_id = ?'];
  const params: unknown[] = [userId];
  if (q.playlist) {
    parts.push('lower(s.playlist) = lower(?)');
    params.push(q.playlist);
  }
  if (q.result === 'unknown') parts.push(`(${RESULT}) is null`);
  else if (q.result) {
    parts.push(`(${RESULT}) = ?`);
    params.push(q.result.toLowerCase());
  }
  if (q.map) {
    parts.push('lower(s.map_name) = lower(?)');
    params.push(q.map);
  }
  // Match days in the user's time zone (product brief §6).
  if (q.from) {
    parts.push('(s.played_at at time zone ?)::date >= ?::date');
    params.push(timeZone, q.from);
  }
  if (q.to) {
    parts.push('(s.played_at at time zone ?)::date <= ?::date');
    params.push(timeZone, q.to);
  }
  if (q.session) {
    parts.push('s.session_id = ?');
    params.push(q.session);
  }
  return { where: parts.join(' and '), params };
}

export async function readReplayListPage(
  em: EntityManager,
  userId: string,
  q: ReplayListQuery,
  timeZone: string,
  pageSize: number,
): Promise<ReplayListPage> {
  const { where, params } = filterOf(userId, q, timeZone);
  const [counted] = await sqlAll<{ total: number }>(
    em,
    `select count(*)::int as total ${SUMMARY_FROM} where ${where}`,
    params,
  );
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(q.page, pages);
  const list = await sqlAll<SummaryListRecord & ListLabelRecord>(
    em,
    `select ${LIST_COLUMNS}, ${LABEL_COLUMNS} ${SUMMARY_FROM} where ${where}
      order by ${ORDER[q.sort](q.dir)} limit ? offset ?`,
    [...params, pageSize, (page - 1) * pageSize],
  );
  const [choices] = await sqlAll<{ total: number; playlists: string[]; maps: string[] }>(
    em,
    `select count(*)::int as total,
       coalesce(array_agg(distinct s.playlist) filter (where s.playlist is not null), '{}') as playlists,
       coalesce(array_agg(distinct s.map_name), '{}') as maps
     ${SUMMARY_FROM} where s.user_id = ?`,
    [userId],
  );
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    rows: list.map(toReplayListRow),
    total,
    page,
    pages,
    playlists: [...(choices?.playlists ?? [])].sort(byName),
    maps: [...(choices?.maps ?? [])].sort(byName),
    libraryTotal: choices?.total ?? 0,
  };
}

/**
 * The replays list, filtered, sorted and paginated in Postgres over replay_summaries: the server
 * reads one page of rows, never the whole library, and never the analysis report.
 */
import type { EntityManager } from '@rlcoach/db';
import { fromSummaryRow, type SummaryRow } from '$lib/dashboard/summary-row';
import { PAGE_SIZE, type ReplayPage, type ReplayQuery, type SortKey } from '$lib/replays/query';
import { LIST_COLUMNS, MINE_SQL, NEWEST_FIRST, SUMMARY_FROM, loadSessionChoices } from './summaries';

/** The user's result, or null when they are not a counted player (the "unknown" filter). */
const RESULT_SQL = `case when ${MINE_SQL} then s.result end`;

/** Sort expressions; every one ends on the newest-first order so pages are stable. */
const ORDER: Record<SortKey, (dir: 'asc' | 'desc') => string> = {
  date: (d) => `s.played_at ${d} nulls last, o.created_at ${d}, s.replay_id`,
  map: (d) => `lower(s.map_name) ${d}, ${NEWEST_FIRST}`,
  playlist: (d) => `lower(s.playlist) ${d} nulls last, ${NEWEST_FIRST}`,
  // Win, draw, loss, then unknown (unknown stays last both ways).
  result: (d) =>
    `(${RESULT_SQL}) is null, case ${RESULT_SQL} when 'win' then 0 when 'draw' then 1 when 'loss' then 2 end ${d === 'desc' ? 'asc' : 'desc'}, ${NEWEST_FIRST}`,
  length: (d) => `s.duration_seconds ${d} nulls last, ${NEWEST_FIRST}`,
};

/** WHERE clause and its parameters for the query's filters. */
export function replayFilter(
  userId: string,
  q: ReplayQuery,
  timeZone: string,
): { where: string; params: unknown[] } {
  const parts = ['s.user_id = ?'];
  const params: unknown[] = [userId];
  if (q.playlist) {
    parts.push('lower(s.playlist) = lower(?)');
    params.push(q.playlist);
  }
  if (q.result === 'unknown') parts.push(`(${RESULT_SQL}) is null`);
  else if (q.result) {
    parts.push(`(${RESULT_SQL}) = ?`);
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

export async function loadReplayPage(
  em: EntityManager,
  userId: string,
  q: ReplayQuery,
  timeZone: string,
  pageSize = PAGE_SIZE,
): Promise<ReplayPage> {
  const conn = em.getConnection();
  const { where, params } = replayFilter(userId, q, timeZone);
  const [counted] = (await conn.execute(
    `select count(*)::int as total ${SUMMARY_FROM} where ${where}`,
    params,
  )) as Array<{ total: number }>;
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(q.page, pages);
  const list = (await conn.execute(
    `select ${LIST_COLUMNS} ${SUMMARY_FROM} where ${where}
      order by ${ORDER[q.sort](q.dir)} limit ? offset ?`,
    [...params, pageSize, (page - 1) * pageSize],
  )) as SummaryRow[];
  const [choices] = (await conn.execute(
    `select count(*)::int as total,
       coalesce(array_agg(distinct s.playlist) filter (where s.playlist is not null), '{}') as playlists,
       coalesce(array_agg(distinct s.map_name), '{}') as maps
     ${SUMMARY_FROM} where s.user_id = ?`,
    [userId],
  )) as Array<{ total: number; playlists: string[]; maps: string[] }>;
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    rows: list.map(fromSummaryRow),
    total,
    page,
    pages,
    playlists: [...(choices?.playlists ?? [])].sort(byName),
    maps: [...(choices?.maps ?? [])].sort(byName),
    sessions: await loadSessionChoices(em, userId),
    libraryTotal: choices?.total ?? 0,
  };
}

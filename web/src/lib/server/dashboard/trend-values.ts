/**
 * Trends' data: one metric's value per counted, dated game, read in SQL. A topline stat comes from
 * its summary column, any other from one path of the stored stats JSON (`me #> path`), win rate
 * from the stored result; the games' whole stats blocks never leave Postgres.
 */
import type { EntityManager } from '@rlcoach/db';
import { SUMMARY_COLUMNS } from '$lib/dashboard/summary-row';
import { WIN_RATE_KEY } from '$lib/trends/metrics';
import { MINE_SQL, SUMMARY_FROM } from './summaries';

export interface TrendValue {
  id: string;
  playedAt: string;
  playlist: string | null;
  sessionId: string | null;
  /** The metric in this game; null when the game does not carry it (left out, never zero). */
  value: number | null;
}

/** SQL for the metric's value (a float or null) and its parameters. `key` is a known metric key. */
export function metricValueSql(key: string): { sql: string; params: unknown[] } {
  if (key === WIN_RATE_KEY)
    return { sql: `(case s.result when 'win' then 100 when 'loss' then 0 end)::float8`, params: [] };
  const column = (SUMMARY_COLUMNS as Record<string, string | undefined>)[key];
  if (column) return { sql: `s.${column}::float8`, params: [] };
  const [block, field] = key.split('.');
  if (!block || !field || !/^[a-z0-9_]+$/.test(block) || !/^[a-z0-9_]+$/.test(field))
    throw new Error(`not a metric key: ${key}`);
  // Same reading as readMetric: `mechanics.*` under me.mechanics, the rest under me.stats.<block>.
  // Passed as a Postgres array literal (the driver would expand a JS array into a list).
  const path = block === 'mechanics' ? `{mechanics,${field}}` : `{stats,${block},${field}}`;
  return {
    sql: `case when jsonb_typeof(s.me #> ?::text[]) = 'number' then (s.me #>> ?::text[])::float8 end`,
    params: [path, path],
  };
}

/** The user's counted, dated games, oldest first, each with the chosen metric's value. */
export async function loadTrendValues(
  em: EntityManager,
  userId: string,
  metricKey: string,
): Promise<TrendValue[]> {
  const value = metricValueSql(metricKey);
  const rows = (await em.getConnection().execute(
    `select s.replay_id as id, s.played_at, s.playlist, s.session_id, ${value.sql} as value
     ${SUMMARY_FROM} where s.user_id = ? and ${MINE_SQL} and s.played_at is not null
     order by s.played_at, s.replay_id`,
    [...value.params, userId],
  )) as Array<{
    id: string;
    played_at: string | Date;
    playlist: string | null;
    session_id: string | null;
    value: number | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    playedAt: new Date(r.played_at).toISOString(),
    playlist: r.playlist,
    sessionId: r.session_id,
    value: r.value,
  }));
}

/**
 * Writes replay_summaries: per owner and replay, the list and aggregate figures (see
 * entities/replay-summary.ts). Called by the worker when a replay finishes, by linkOwner when an
 * ownership appears, by identity changes ("this was me"), and by reconcileSummaries, which
 * recomputes any row whose ownership identity or result changed through another path.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { OWNERSHIP_COUNTS_SQL } from './ownership-counts.js';
import { regroupSessions } from './play-session-repository.js';
import { ownerPreferences, sqlAll, sqlRun } from './sql-exec.js';
import { INTEGER_STAT_COLUMNS, SUMMARY_STAT_COLUMNS } from './summary-columns.js';
import { summaryFields, type ReportPlayerSlim, type SummaryFields } from './summary-fields.js';

interface SourceRow {
  replay_id: string;
  header: unknown;
  map_code: string | null;
  player_key: string | null;
  counts: boolean;
  result_at: Date | string | null;
  has_report: boolean;
  players: ReportPlayerSlim[] | null;
  blue_goals: number | null;
  orange_goals: number | null;
  playlist_id: number | null;
  team_size: number | null;
  clock_seconds: number | null;
}

// Only the players' stats blocks leave the report (no heatmaps, events or analytics).
const SOURCE_SQL = `
  select o.replay_id, r.header, r.map_code, o.player_key, (${OWNERSHIP_COUNTS_SQL}) as counts,
    res.created_at as result_at, res.report is not null as has_report,
    case when res.report is null then null else (
      select coalesce(jsonb_agg(jsonb_build_object(
        'name', p->'name', 'platform', p->'platform', 'platform_id', p->'platform_id',
        'team', p->'team', 'stats', p->'stats', 'mechanics', p->'mechanics')), '[]'::jsonb)
      from jsonb_array_elements(res.report->'players') p) end as players,
    (res.report->'teams'->'blue'->>'goals')::int as blue_goals,
    (res.report->'teams'->'orange'->>'goals')::int as orange_goals,
    (res.report->'match'->>'playlist_id')::int as playlist_id,
    (res.report->'match'->>'team_size')::int as team_size,
    (res.report->'match'->'clock'->>'seconds')::float8 as clock_seconds
  from replay_ownerships o
  join replays r on r.id = o.replay_id
  left join replay_results res on res.replay_id = o.replay_id
  where o.user_id = ?`;

/** Column name → Postgres type, in insert order (jsonb_to_recordset needs the types). */
const COLUMNS: ReadonlyArray<[keyof SummaryFields, string]> = [
  ['replay_id', 'uuid'],
  ['played_at', 'timestamptz'],
  ['date_local', 'text'],
  ['played_at_zoned', 'boolean'],
  ['map_code', 'text'],
  ['map_name', 'text'],
  ['playlist', 'text'],
  ['team_size', 'smallint'],
  ['duration_seconds', 'double precision'],
  ['blue_goals', 'smallint'],
  ['orange_goals', 'smallint'],
  ['has_report', 'boolean'],
  ['source_result_at', 'timestamptz'],
  ['player_key', 'text'],
  ['counted', 'boolean'],
  ['player_name', 'text'],
  ['team', 'text'],
  ['result', 'text'],
  ...Object.values(SUMMARY_STAT_COLUMNS).map((c): [keyof SummaryFields, string] => [
    c,
    INTEGER_STAT_COLUMNS.has(c) ? 'int' : 'double precision',
  ]),
  ['me', 'jsonb'],
];

const names = COLUMNS.map(([c]) => `"${c}"`).join(', ');
const UPSERT_SQL = `
  insert into replay_summaries (user_id, ${names}, updated_at)
  select ?::uuid, ${names}, now()
  from jsonb_to_recordset(?::jsonb) as v(${COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(', ')})
  on conflict (user_id, replay_id) do update set
  ${COLUMNS.filter(([c]) => c !== 'replay_id')
    .map(([c]) => `"${c}" = excluded."${c}"`)
    .join(', ')}, updated_at = now()`;

/** Upsert in slices so one statement never carries thousands of stats blocks. */
const SLICE = 200;

/** Recompute the user's summary rows (all of them, or `replayIds`). Returns rows written. */
export async function refreshSummaries(
  em: EntityManager,
  userId: string,
  replayIds?: readonly string[],
): Promise<number> {
  if (replayIds?.length === 0) return 0;
  const { timeZone } = await ownerPreferences(em, userId);
  // The driver expands an array parameter into a list.
  const rows = await sqlAll<SourceRow>(
    em,
    replayIds ? `${SOURCE_SQL} and o.replay_id in (?)` : SOURCE_SQL,
    replayIds ? [userId, [...replayIds]] : [userId],
  );
  const fields = rows.map((r) =>
    summaryFields(
      {
        replayId: r.replay_id,
        header: r.header,
        mapCode: r.map_code,
        report: r.has_report
          ? {
              players: r.players ?? [],
              blueGoals: r.blue_goals,
              orangeGoals: r.orange_goals,
              playlistId: r.playlist_id,
              teamSize: r.team_size,
              clockSeconds: r.clock_seconds,
            }
          : null,
        resultAt: r.result_at === null ? null : new Date(r.result_at),
        ownershipKey: r.player_key,
        counts: r.counts,
      },
      timeZone,
    ),
  );
  for (let i = 0; i < fields.length; i += SLICE)
    await sqlRun(em, UPSERT_SQL, [userId, JSON.stringify(fields.slice(i, i + SLICE))]);
  return fields.length;
}

/** Summaries and stored sessions of one user, brought up to date together. */
export async function syncUserSummaries(
  em: EntityManager,
  userId: string,
  replayIds?: readonly string[],
): Promise<void> {
  await refreshSummaries(em, userId, replayIds);
  await regroupSessions(em, userId);
}

/** Every owner of a replay that just finished (or was re-analysed): their row and their sessions. */
export async function syncReplayOwners(em: EntityManager, replayId: string): Promise<string[]> {
  const owners = await sqlAll<{ user_id: string }>(
    em,
    'select user_id from replay_ownerships where replay_id = ? order by user_id',
    [replayId],
  );
  for (const { user_id } of owners) await syncUserSummaries(em, user_id, [replayId]);
  return owners.map((o) => o.user_id);
}

/**
 * Ids of the user's replays whose summary is missing or stale: the ownership's player or counts
 * flag differs from the one the row was computed with. Results need no check here: the worker
 * writes every owner's row in the result's transaction, and linkOwner waits on that transaction
 * (see ownership-repository.ts); `withResults` also compares the result row, for repairs.
 */
export async function staleSummaryIds(
  em: EntityManager,
  userId: string,
  options: { withResults?: boolean } = {},
): Promise<string[]> {
  const results = options.withResults ? `left join replay_results res on res.replay_id = o.replay_id` : '';
  const resultChanged = options.withResults ? 'or s.source_result_at is distinct from res.created_at' : '';
  const rows = await sqlAll<{ replay_id: string }>(
    em,
    `select o.replay_id from replay_ownerships o
       left join replay_summaries s on s.user_id = o.user_id and s.replay_id = o.replay_id
       ${results}
      where o.user_id = ?
        and (s.replay_id is null
          or s.player_key is distinct from o.player_key
          or s.counted is distinct from (${OWNERSHIP_COUNTS_SQL})
          ${resultChanged})`,
    [userId],
  );
  return rows.map((r) => r.replay_id);
}

/**
 * Safety net before a dashboard read: recompute what another code path left stale (an account
 * linked at sign-in, an exclusion toggled, rows from before summaries existed). Cheap when
 * nothing is stale: one indexed query. Returns how many rows were recomputed.
 */
export async function reconcileSummaries(em: EntityManager, userId: string): Promise<number> {
  const stale = await staleSummaryIds(em, userId);
  if (stale.length === 0) return 0;
  await em.transactional((tx) => syncUserSummaries(tx, userId, stale));
  return stale.length;
}

/** One-off backfill: every user owning replays. Returns the users processed. */
export async function backfillSummaries(em: EntityManager): Promise<number> {
  const users = await sqlAll<{ user_id: string }>(
    em,
    'select distinct user_id from replay_ownerships order by user_id',
  );
  for (const { user_id } of users) await em.transactional((tx) => syncUserSummaries(tx, user_id));
  return users.length;
}

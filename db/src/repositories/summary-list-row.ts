/**
 * The row every dashboard list reads from replay_summaries (joined with the ownership and the
 * replay's status), in camelCase, and the one mapper from the driver's snake_case row to it.
 * Internal to db/: the SELECT list lives here next to its mapper, so a renamed column fails in
 * db's tests, not in a page at run time.
 */
import type { MatchResult } from '../entities/replay-summary.js';
import type { ProcessingStage, ReplayStatus } from '../enums.js';
import { OWNERSHIP_COUNTS_SQL } from './ownership-counts.js';
import { SUMMARY_STAT_COLUMNS, type SummaryStatPath, type SummaryStatValues } from './summary-columns.js';
import type { SummaryFields } from './summary-fields.js';

/** The owner's stats and mechanics blocks as stored (the report's shape). */
export interface StoredMeBlocks {
  stats: Record<string, unknown>;
  mechanics: Record<string, unknown> | null;
}

/** The topline stats stored as columns, keyed by their metric path ("core.goals"). */
export type SummaryStats = Record<SummaryStatPath, number | null>;

export interface SummaryListRow {
  replayId: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  playedAt: Date | null;
  uploadedAt: Date;
  mapName: string;
  mapCode: string | null;
  playlist: string | null;
  teamSize: number | null;
  durationSeconds: number | null;
  blueGoals: number | null;
  orangeGoals: number | null;
  hasReport: boolean;
  sessionId: string | null;
  /** The user is a counted player in this replay (ownership flag and summary agree). */
  mine: boolean;
  playerName: string | null;
  team: 'blue' | 'orange' | null;
  result: MatchResult | null;
  /** Null for every stat when the user is not a player of the match. */
  stats: SummaryStats;
  /** Only where the read selects the whole stored blocks (the library for Compare and Trends). */
  me?: StoredMeBlocks | null;
}

/** The user is a counted player in the replay: summary computed for the ownership's current identity. */
export const MINE = `(s.team is not null and s.counted and s.player_key is not distinct from o.player_key and (${OWNERSHIP_COUNTS_SQL}))`;

export const SUMMARY_FROM = `
  from replay_summaries s
  join replay_ownerships o on o.user_id = s.user_id and o.replay_id = s.replay_id
  join replays r on r.id = s.replay_id`;

/** Newest match first; undated replays last, in upload order. */
export const NEWEST_FIRST = 's.played_at desc nulls last, o.created_at desc, s.replay_id';

export const LIST_COLUMNS = `s.replay_id, r.status, r.stage, r.error, s.played_at, s.map_name, s.map_code,
  s.playlist, s.team_size, s.duration_seconds, s.blue_goals, s.orange_goals, s.has_report,
  o.created_at as uploaded_at, s.session_id, ${MINE} as mine, s.player_name, s.team, s.result,
  ${Object.values(SUMMARY_STAT_COLUMNS)
    .map((c) => `s.${c}`)
    .join(', ')}`;

/** What the driver returns for LIST_COLUMNS (plus `me` when selected). */
export interface SummaryListRecord
  extends
    Pick<
      SummaryFields,
      | 'replay_id'
      | 'map_name'
      | 'map_code'
      | 'playlist'
      | 'team_size'
      | 'duration_seconds'
      | 'blue_goals'
      | 'orange_goals'
      | 'has_report'
      | 'player_name'
      | 'team'
      | 'result'
    >,
    SummaryStatValues {
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  played_at: Date | string | null;
  uploaded_at: Date | string;
  session_id: string | null;
  mine: boolean;
  me?: StoredMeBlocks | null;
}

export const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
export const toDateOrNull = (v: Date | string | null): Date | null => (v === null ? null : toDate(v));

export function toSummaryListRow(r: SummaryListRecord): SummaryListRow {
  const stats = {} as SummaryStats;
  for (const [path, column] of Object.entries(SUMMARY_STAT_COLUMNS) as Array<
    [SummaryStatPath, keyof SummaryStatValues]
  >)
    stats[path] = r[column];
  const row: SummaryListRow = {
    replayId: r.replay_id,
    status: r.status,
    stage: r.stage,
    error: r.error,
    playedAt: toDateOrNull(r.played_at),
    uploadedAt: toDate(r.uploaded_at),
    mapName: r.map_name,
    mapCode: r.map_code,
    playlist: r.playlist,
    teamSize: r.team_size,
    durationSeconds: r.duration_seconds,
    blueGoals: r.blue_goals,
    orangeGoals: r.orange_goals,
    hasReport: r.has_report,
    sessionId: r.session_id,
    mine: r.mine,
    playerName: r.player_name,
    team: r.team,
    result: r.result,
    stats,
  };
  if (r.me !== undefined) row.me = r.me;
  return row;
}

/**
 * replay_summaries rows → DashboardReplay, pure so it is tested without a database. The "me"
 * stats come from the summary columns (or the stored stats blocks when the query selected them).
 */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import { SUMMARY_STAT_COLUMNS, type SummaryStatColumn } from '@rlcoach/db/repositories/summary-columns';
import type { SummaryFields } from '@rlcoach/db/repositories/summary-fields';
import type { DashboardReplay, MyPlayer } from './types';

/** Summary columns the list reads as stored (the writer's types, db/src/repositories/summary-fields.ts). */
type StoredColumns = Pick<
  SummaryFields,
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
  | SummaryStatColumn
>;

/** Columns every summary list query selects (see LIST_COLUMNS in server/dashboard/summaries.ts). */
export interface SummaryRow extends StoredColumns {
  id: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  /** Postgres returns a Date; JSON paths give the ISO string. */
  played_at: string | Date | null;
  uploaded_at: string | Date;
  session_id: string | null;
  /** The user is a counted player in this replay (ownership flag and summary agree). */
  mine: boolean;
  /** Only when the query selected the full stored blocks (trends, compare). */
  me?: { stats: Record<string, unknown>; mechanics: Record<string, unknown> | null } | null;
}

/** Metric key (catalogue path) → summary column, for the topline stats stored as columns. */
export const SUMMARY_COLUMNS = SUMMARY_STAT_COLUMNS;

/** The topline stats blocks rebuilt from the columns, in the report's shape (readMetric reads them). */
function statsFromColumns(row: SummaryRow): Record<string, Record<string, number | null>> {
  const stats: Record<string, Record<string, number | null>> = {};
  for (const [key, column] of Object.entries(SUMMARY_COLUMNS)) {
    const [block, field] = key.split('.') as [string, string];
    (stats[block] ??= {})[field] = row[column];
  }
  return stats;
}

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

export function fromSummaryRow(row: SummaryRow): DashboardReplay {
  let me: MyPlayer | null = null;
  if (row.mine && row.team) {
    me = {
      name: row.player_name ?? '?',
      team: row.team,
      stats: row.me?.stats ?? statsFromColumns(row),
      mechanics: row.me?.mechanics ?? null,
    };
  }
  return {
    id: row.id,
    status: row.status,
    stage: row.stage,
    error: row.error,
    playedAt: iso(row.played_at),
    mapName: row.map_name,
    mapCode: row.map_code,
    playlist: row.playlist,
    teamSize: row.team_size,
    durationSeconds: row.duration_seconds,
    blueGoals: row.blue_goals,
    orangeGoals: row.orange_goals,
    hasReport: row.has_report,
    me,
    result: me ? row.result : null,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
  };
}
